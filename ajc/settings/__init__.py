"""The settings of the environment ``AJC_ENV`` names: ``development`` (the default: safe on a
laptop, SQLite, debug on) or ``production`` (secrets and hosts from the environment only).

``DJANGO_SETTINGS_MODULE=ajc.settings`` (manage.py, wsgi, the Dockerfile) reads this module;
the test suite uses ``ajc.settings.test``. What every environment shares is in ``base``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

AJC_ENV = os.environ.get("AJC_ENV", "development")
if AJC_ENV == "production":
    from .production import *  # noqa: F403
elif AJC_ENV == "development":
    from .development import *  # noqa: F403
else:
    raise ImproperlyConfigured("AJC_ENV must be 'development' or 'production'.")
