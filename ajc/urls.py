"""The project's wiring: every app's URLs, and the error pages (``ajc.errors``)."""

from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from ajc.health import health
from findings.views import home

# The admin's own sign-in page sends people to the site's (allauth's), which asks staff for their
# second factor: there is one way in, and it cannot be bypassed through /admin/login/.
admin.site.login = secure_admin_login(admin.site.login)

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
    # Signing in and out keep their names ("login", "logout"); the rest of allauth (password
    # reset, two-factor, devices, email change) and the site's own account pages live beside.
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
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
