"""Report PDFs in object storage (``STORAGES["reports"]``, S3-compatible, docs/operations.md),
where they outlive the shared cache: each under a name its version and audience decide, so an
edit to anything it shows gives it a new one."""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from ajc import cache

logger = logging.getLogger(__name__)


# A PDF that could not be rendered or kept is not tried again for this long.
FAILURE_SECONDS = 60


class Unreachable(Exception):
    """The storage could not be read (the bucket cannot be reached)."""


def pdf_storage() -> Storage | None:
    """Where PDFs are kept if not in the shared cache: ``STORAGES["reports"]``, if configured."""
    return storages["reports"] if "reports" in settings.STORAGES else None


def object_name(name: str, audience: str, versions: list[str]) -> str:
    version = cache.key(name, audience, *versions, site_wide=False)
    return f"{name}/{hashlib.sha256(version.encode('utf-8')).hexdigest()}.pdf"


def read(name: str, audience: str, versions: list[str]) -> bytes | None:
    """The stored PDF of this version for this audience, or None if none was stored."""
    where = object_name(name, audience, versions)
    try:
        with pdf_storage().open(where, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None
    except Exception as error:
        logger.exception("Could not read the PDF %s from object storage", where)
        raise Unreachable(error) from error


def render_into(bucket: Storage, name: str, audience: str, versions: list[str], render) -> None:
    """Render this version's PDF into the bucket unless it is there already; a failure to
    keep it is remembered (``FAILURE_SECONDS``), as a failed render is."""
    where = object_name(name, audience, versions)
    if bucket.exists(where):
        return  # rendered already
    try:
        bucket.save(where, ContentFile(render()))
    except Exception:
        cache.remember_failure(name, audience, *versions, seconds=FAILURE_SECONDS, site_wide=False)
        raise
