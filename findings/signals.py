"""Rebuild SQLite's search index after every migrate.

What a save of content causes is not here: it is listed in ``sessions.edits.content_changed``,
which whoever saves calls."""

from django.db import connections
from django.db.models.signals import post_migrate

from . import search


def rebuild_sqlite_index(sender, using="default", **kwargs):
    if sender.name == "findings":
        search.ensure_sqlite_index(connections[using])


def connect():
    post_migrate.connect(rebuild_sqlite_index, dispatch_uid="findings.rebuild_sqlite_index")
