from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from ajc.health import health

urlpatterns = [
    path("", include("sessions.urls")),
    path("", include("sessions.report_urls")),
    path("findings/", include("findings.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
