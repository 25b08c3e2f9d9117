from django.urls import path

from . import feeds, views

app_name = "findings"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("download.csv", views.item_csv, name="item_csv"),
    path("feed/", feeds.latest_items, name="feed"),
    path("new/", views.whats_new, name="whats_new"),
    path("risks/", views.risk_list, name="risk_list"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("themes/<slug:slug>/brief/", views.theme_brief, name="theme_brief"),
    path("themes/<slug:slug>/brief.csv", views.theme_brief_csv, name="theme_brief_csv"),
    path("themes/<slug:slug>/brief.json", views.theme_brief_json, name="theme_brief_json"),
]
