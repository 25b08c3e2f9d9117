"""What a change to the knowledge base's content causes: ``content_changed`` lists it.

Whoever changes content calls it once the change is saved, in the same transaction: the admin
(``sessions.admin.ContentChangeAdmin``), recovery, the importer, the loaders and the commands.
Nothing else reacts to a save of content (``tests/test_edits.py`` keeps it so); the few signal
receivers left are where Django gives no other door, each with a comment saying why.

In order, for a change to ``sessions`` (their own fields or their parts), ``items`` (their own
fields or their links: themes, sectors, answers) or ``themes`` (renamed or re-described):

1. the sessions take a new revision (``Session.revision``): their reports, pages and counts are
   named by it, so none made before is used again;
2. each layer above does its part, in the order the apps are installed (``on_content_change``,
   registered by their ``AppConfig.ready``):
   - ``findings.edits``: a published session's items are published with it; what search finds
     the items by is worked out again (``findings.indexing``); the facet counts follow once the
     change commits (``findings.tallies``);
   - ``reports.edits``: the sessions' reports and the themes' briefs are queued for the worker
     once the change commits (``reports.tasks``);
   - ``followup.edits``: every recommendation has its follow-up ledger;
3. the site's content revision moves on, now and again when the change commits
   (``ajc.cache.invalidate``), so no cached copy made before it is served; after a *narrowing*
   change (something unpublished, made members-only, deleted, or a sector too small to name)
   not even the previous version of a page while it is computed again.

A restore of the database under a running site is a change of its own: ``content_restored``.
Follow-up ledgers, evidence and tracked risks have their own list: ``followup.edits``.
"""

import dataclasses
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ajc import cache
from ajc.visibility import narrows

from .models import Session


@dataclasses.dataclass(frozen=True)
class Change:
    """What changed, as the layers above are told it."""

    # Sessions whose report changed (an item's session included), deleted ones too.
    sessions: frozenset[int]
    # Items whose own fields or links changed; None: every item of ``sessions`` (their
    # session's own fields or parts changed, which each item's search context repeats).
    items: frozenset[int] | None
    # Themes renamed or re-described: every item carrying one says its name.
    themes: frozenset[int]
    # Themes that items lost, or deleted items carried: their briefs no longer print them.
    themes_left: frozenset[int]
    narrowing: bool
    # The narrowing only made ``sessions`` (``items``, where given) less visible: nothing
    # deleted, no sector made too small to name (``content_changed``).
    only_hidden: bool = False
    # The database was restored from a backup (``content_restored``): every session's revision
    # moved on by ``RESTORE_STEP``.
    restored: bool = False


Hook = Callable[[Change], None]
_hooks: list[Hook] = []


def on_content_change(hook: Hook) -> None:
    """Have ``hook(change)`` run after every content change (called once, at start-up)."""
    if hook not in _hooks:
        _hooks.append(hook)


def _ids(values: Iterable) -> frozenset[int]:
    return frozenset(value for value in values if value is not None)


def content_changed(
    sessions: Iterable[int] = (),
    *,
    items: Iterable[int] | None = None,
    themes: Iterable[int] = (),
    themes_left: Iterable[int] = (),
    narrowing: bool = False,
    only_hidden: bool = False,
) -> Change:
    """Everything a content change causes (see the module's docstring for the list).

    ``sessions``: the ids of the sessions whose content changed: saved, deleted, their parts
    (topics, attendance, figures, programme, speakers) edited, or an item of theirs. ``items``:
    the ids of the items saved or whose links changed, when only those did; left out, every item
    of ``sessions`` is concerned. ``themes``: the ids of themes renamed or re-described.
    ``themes_left``: the ids of themes that items lost, or deleted items carried (read before
    they went). ``narrowing``: something became less
    visible (``was_narrowed``) or was deleted. ``only_hidden``: the narrowing did nothing but
    make the sessions (or the ``items``) less visible, so a page's previous version can be given
    with them taken out while it is computed again (``ajc.cache.Hidden``).

    Call it inside the transaction that made the change: if the cache cannot be reached it
    raises, and the change is rolled back with it rather than committed with cached copies
    that still show what it changed."""
    change = Change(
        sessions=_ids(sessions),
        items=None if items is None else _ids(items),
        themes=_ids(themes),
        themes_left=_ids(themes_left),
        narrowing=narrowing,
        only_hidden=narrowing and only_hidden,
    )
    touch_sessions(change.sessions)
    for hook in _hooks:
        hook(change)
    cache.invalidate(narrowing=narrowing, hidden=hidden_by(change))
    return change


def hidden_by(change: Change) -> cache.Hidden | None:
    """What a narrowing change hid, if it did nothing else (``Change.only_hidden``)."""
    if not change.only_hidden:
        return None
    if change.items is None:
        return cache.Hidden.of(sessions=change.sessions)
    return cache.Hidden.of(items=change.items)


# How far a restore moves every session's revision on: more than any session is edited between
# a backup and its restore, so no revision it reaches again names a cached page or a stored PDF
# from before the restore. (A revision fits a PostgreSQL integer for hundreds of restores.)
RESTORE_STEP = 1_000_000


def content_restored() -> Change:
    """After the database was restored from a backup under a running site (``scripts/restore.sh``
    runs ``manage.py content_restored``; docs/operations.md): every cached copy made before is
    unusable.

    1. Every session's revision moves on by ``RESTORE_STEP``: the restore took them back, and
       pages, reports and PDFs are named by them.
    2. The layers above do their part (``findings.edits``: the facet counts came with the dump
       and stay counted).
    3. The site's content revision and its floor move on (``ajc.cache.invalidate``, narrowing):
       no value from before is served, not even as the previous version of a page.

    Raises ``ajc.cache.CacheUnavailable`` (and changes nothing) if the cache cannot be reached."""
    change = Change(
        sessions=frozenset(),
        items=frozenset(),
        themes=frozenset(),
        themes_left=frozenset(),
        narrowing=True,
        restored=True,
    )
    with transaction.atomic():
        Session.objects.update(revision=F("revision") + RESTORE_STEP)
        for hook in _hooks:
            hook(change)
        cache.invalidate(narrowing=True)
    return change


def touch_sessions(session_ids) -> None:
    """Mark sessions' content changed in one query (``session_ids``: ids or a query)."""
    if isinstance(session_ids, (set, frozenset, list, tuple)) and not session_ids:
        return
    Session.objects.filter(pk__in=session_ids).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )


def stored_visibility(instance) -> str | None:
    """What ``instance``'s visibility is in the database (before a save), or None if new."""
    if instance.pk is None:
        return None
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    return rows.values_list("visibility", flat=True).first()


def was_narrowed(before: str | None, instance, *, deleted: bool = False) -> bool:
    """Whether saving (or deleting) ``instance`` hid something from someone who could see it."""
    return narrows(before, None if deleted else instance.visibility)
