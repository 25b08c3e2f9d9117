from django.urls import path

from . import views

app_name = "sessions"

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/<slug:group_slug>/", views.group_detail, name="group_detail"),
]
