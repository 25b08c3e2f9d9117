from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.ledger_list, name="ledger_list"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("reviews/", views.reviews_due, name="reviews_due"),
    path("risks/", views.risk_register, name="risk_register"),
    path("risks/<slug:slug>/", views.risk_detail, name="risk_detail"),
    path("follow/", views.follow, name="follow"),
    path("following/", views.following, name="following"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/<str:kind>/<str:key>/", views.feed, name="feed"),
    *(
        route
        for kind, prefix in (("group", "groups"), ("theme", "themes"))
        for route in (
            path(
                f"{prefix}/<slug:slug>/progress/",
                views.progress,
                {"kind": kind},
                f"{kind}_progress",
            ),
            path(
                f"{prefix}/<slug:slug>/progress.pdf",
                views.progress_pdf,
                {"kind": kind},
                f"{kind}_progress_pdf",
            ),
        )
    ),
]
