from django.urls import path

from . import views

app_name = "sessions"

urlpatterns = [
    path("groups/<slug:group_slug>/", views.group_detail, name="group_detail"),
]
