"""The project's wiring: every app's URLs, and the error pages (``ajc.errors``)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from ajc.health import health
from findings.views import home

handler400 = "ajc.errors.bad_request"
handler403 = "ajc.errors.permission_denied"
handler404 = "ajc.errors.page_not_found"
handler500 = "ajc.errors.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("", include("sessions.urls")),
    path("", include("reports.urls")),
    path("findings/", include("findings.urls")),
    path("followup/", include("followup.urls")),
    path("api/", include("findings.api")),
    # Sign in and out only: people who forget their password ask a facilitator (the sign-in
    # page says so), so there is no password reset by email.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path(
        "robots.txt",
        cache_control(public=True, max_age=60 * 60 * 24)(
            TemplateView.as_view(template_name="robots.txt", content_type="text/plain")
        ),
        name="robots",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
