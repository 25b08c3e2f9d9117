from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path(
        "groups/<slug:group_slug>/sessions/<int:number>/",
        report_views.session_detail,
        name="session_detail",
    ),
    path(
        "groups/<slug:group_slug>/sessions/<int:number>/report.pdf",
        report_views.session_pdf,
        name="session_pdf",
    ),
    path(
        "groups/<slug:group_slug>/sessions/<int:number>/figures/<int:figure_number>.png",
        report_views.figure_image,
        name="figure",
    ),
    path("groups/<slug:group_slug>/report/", report_views.report_chooser, name="report_chooser"),
    path("groups/<slug:group_slug>/report.pdf", report_views.combined_pdf, name="combined_pdf"),
]
