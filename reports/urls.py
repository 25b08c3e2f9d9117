from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path(
        "groups/<slug:group_slug>/sessions/<int:number>/",
        views.session_detail,
        name="session_detail",
    ),
    path(
        "groups/<slug:group_slug>/sessions/<int:number>/report.pdf",
        views.session_pdf,
        name="session_pdf",
    ),
    path(
        "groups/<slug:group_slug>/sessions/<int:number>/figures/<int:figure_number>.png",
        views.figure_image,
        name="figure",
    ),
    path("groups/<slug:group_slug>/report/", views.report_chooser, name="report_chooser"),
    path("groups/<slug:group_slug>/report.pdf", views.combined_pdf, name="combined_pdf"),
    # Beside the brief's page, CSV and JSON (findings' URLs), though the report machinery
    # prepares it.
    path("findings/themes/<slug:slug>/brief.pdf", views.theme_brief_pdf, name="theme_brief_pdf"),
]
