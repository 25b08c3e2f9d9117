"""The project's wiring: every app's URLs, and the error pages (``ajc.errors``)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

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
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
