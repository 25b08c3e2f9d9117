from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path(
        "groups/<slug:group_slug>/sessions/<int:number>/",
        report_views.session_detail,
        name="session_detail",
    ),
]
