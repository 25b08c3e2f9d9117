"""Settings for the test suite: the project's settings plus what only tests need.

pytest uses this module (``DJANGO_SETTINGS_MODULE`` in pyproject.toml). Tests that start a
process of their own (the deployment and fault probes) give it ``ajc.settings`` explicitly.
"""

from .development import *  # noqa: F403

# A real password hash costs a few hundred milliseconds; tests sign in hundreds of times and
# need only a login, not resistance to guessing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background tasks (report PDFs, digests) run where they are queued, in the test's own process;
# the tests of the real worker switch to the database backend and start one.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": list(TASK_QUEUES),  # noqa: F405
    }
}
# Saving content does not queue renders of its reports (every fixture would render PDFs);
# the tests of that behaviour turn it on.
REPORT_PDF_QUEUE_ON_SAVE = False

# After an edit, the next request has what it changed recomputed (by the refresh task, which the
# immediate backend runs where it is queued): the tests of the refresh interval itself set it
# (tests/test_cache.py).
AJC_REFRESH = {"at_least": 0.0, "factor": 0.0, "at_most": 0.0}
# The most-read pages are not computed ahead after an edit, ordinary or narrowing: the immediate
# backend would compute them inside every test that saves or loads content (about a second a
# transactional test, for pages most tests never read). tests/test_warming.py turns them on.
AJC_WARM_AFTER_EDIT = False
AJC_WARM_AFTER_NARROWING = False

# One process's own cache, cleared before each test (tests/conftest.py); tests of several
# processes (two servers, the real worker) set a shared Redis cache themselves.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ajc-tests",
        "TIMEOUT": 60 * 60 * 24,
    },
    # Not used by the tests themselves: it makes `migrate` create the database cache's table in
    # the test database, for the server processes some tests start with the site's settings.
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ajc_cache",
    },
}

# A second database standing for a read replica (tests/test_replica.py): its own test database,
# which those tests fill to stand for what a replica still holds. Reads go to it only where a
# test turns AJC_READ_REPLICA on.
_primary = DATABASES["default"]  # noqa: F405
if _primary["ENGINE"].endswith("sqlite3"):
    # SQLite tests run in memory, one database per distinct NAME.
    _replica = {**_primary, "NAME": f"{_primary['NAME']}-replica"}
else:
    _replica = {**_primary, "TEST": {"NAME": f"test_{_primary['NAME']}_replica"}}
DATABASES["replica"] = _replica  # noqa: F405
AJC_READ_REPLICA = False
