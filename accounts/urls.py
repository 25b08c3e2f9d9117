from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
