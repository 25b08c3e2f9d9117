from django.urls import path

from . import views

app_name = "findings"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
]
