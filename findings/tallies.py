"""Facet counts kept on write: what the findings browser, the registers and the home page show
without scanning every item after each edit (issue 11).

Each session's items are counted per level of visibility (the item's or its session's,
whichever is narrower), kind and facet value, among every item and among the items of each
theme (``FacetTally``: a page filtered by one theme reads its counts as the unfiltered browser
does, rather than counting that theme's items), and those counts are summed
across the site by deltas (``FacetTotal``). A session is counted again when its revision has
moved on since it was last counted (``TalliedSession``): every edit to an item, its themes or
sectors, the session or its attendance moves the revision (``sessions.edits.content_changed``),
so the counts follow every way content changes, including loads and
bulk edits that send no signal. The counting is done when an edit commits and, for anything
that slipped past, by whoever next reads the totals: one session's 200 items, not the site's
million.

An audience's count is the sum over the levels it may see (``ajc.visibility.LEVELS``), so a
draft or members-only item is only ever counted for those who may read it.
"""

import contextlib
from collections import Counter
from itertools import batched

from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef, Sum
from django.tasks import task
from django.tasks.exceptions import InvalidTask

from ajc.cache import REFRESH_QUEUE, CacheUnavailable, Policy, cached, claim, release
from ajc.scope import current_request
from ajc.visibility import RANK, Visibility, audience_for, levels_for
from sessions.models import Session

from .models import FacetTally, FacetTotal, Item, TalliedSession, Theme, ThemedItem, named_voices

# The facets counted, besides "items" (how many items there are).
ID_FACETS = ("session", "group", "theme", "sector")
CODE_FACETS = ("agreement", "party")
CHUNK = 200
NEVER_COUNTED = -1

Key = tuple[int, str, str, str, str, int]  # theme (0: every item), level, kind, facet, code, ref
EVERY_ITEM = 0


def _narrower(a: str, b: str) -> str:
    return a if RANK[Visibility(a)] <= RANK[Visibility(b)] else b


def _count(session_ids) -> dict[int, Counter]:
    """{session id: Counter of Key} counted from the items themselves."""
    sessions = {
        pk: (group_id, visibility)
        for pk, group_id, visibility in Session.objects.filter(pk__in=session_ids).values_list(
            "pk", "group_id", "visibility"
        )
    }
    counts = {pk: Counter() for pk in sessions}
    # Each item is counted among every item and among the items of each theme it carries.
    themes_of: dict[int, list[int]] = {}
    themed = ThemedItem.objects.filter(content_object__session_id__in=sessions).values_list(
        "content_object_id", "tag_id"
    )
    for item_id, theme_id in themed.order_by():
        themes_of.setdefault(item_id, []).append(theme_id)
    item_base = {}
    rows = Item.objects.filter(session_id__in=sessions).values_list(
        "pk", "session_id", "visibility", "kind", "agreement", "exposed", "audience"
    )
    for pk, session_id, visibility, kind, agreement, exposed, audience in rows.order_by():
        group_id, session_visibility = sessions[session_id]
        level = _narrower(visibility, session_visibility)
        within = [EVERY_ITEM, *themes_of.get(pk, ())]
        item_base[pk] = (session_id, level, kind, within)
        tally = counts[session_id]
        values = [("items", "", 0), ("session", "", session_id), ("group", "", group_id)]
        if agreement:
            values.append(("agreement", agreement, 0))
        values += [("party", party, 0) for party in {exposed, audience} - {""}]
        for theme in within:
            for facet, code, ref in values:
                tally[(theme, level, kind, facet, code, ref)] += 1
        # The themes facet among every item only (see ``FacetCount.theme``).
        for theme_id in within[1:]:
            tally[(EVERY_ITEM, level, kind, "theme", "", theme_id)] += 1
    # Only what members may be told: a sector too small to name counts nowhere.
    voices = (
        named_voices().filter(item__session_id__in=sessions).values_list("item_id", "sector_id")
    )
    for item_id, ref in voices.order_by():
        session_id, level, kind, within = item_base[item_id]
        for theme in within:
            counts[session_id][(theme, level, kind, "sector", "", ref)] += 1
    return counts


def _add_to_totals(delta: dict[Key, int]) -> None:
    """Move the totals by ``delta``, in one key order so concurrent recounts never deadlock."""
    changes = [(key, n) for key, n in sorted(delta.items()) if n]
    if not changes:
        return
    # The table's name is the model's own, quoted; every value is a parameter.
    table = connection.ops.quote_name(FacetTotal._meta.db_table)
    sql = (
        f"INSERT INTO {table} (theme, level, kind, facet, code, ref, n) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (theme, facet, level, kind, code, ref) "
        f"DO UPDATE SET n = {table}.n + excluded.n"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*key, n) for key, n in changes])


def recount(session_ids) -> None:
    """Count these sessions again (any that have gone are taken off), and move the totals."""
    session_ids = sorted(set(session_ids))
    for chunk in batched(session_ids, CHUNK):
        with transaction.atomic():
            _recount(chunk)


def _recount(session_ids) -> None:
    TalliedSession.objects.bulk_create(
        [TalliedSession(session_id=pk, revision=NEVER_COUNTED) for pk in session_ids],
        ignore_conflicts=True,
    )
    # One recount of a session at a time, across processes: the others wait, then find it done.
    counted = dict(
        TalliedSession.objects.select_for_update()
        .filter(session_id__in=session_ids)
        .order_by("session_id")
        .values_list("session_id", "revision")
    )
    # Read before counting: content newer than the revision noted only means one more recount.
    revisions = dict(Session.objects.filter(pk__in=session_ids).values_list("pk", "revision"))
    todo = [pk for pk in session_ids if pk not in revisions or counted.get(pk) != revisions[pk]]
    if not todo:
        return
    fresh = _count(todo)
    old: dict[int, Counter] = {pk: Counter() for pk in todo}
    rows = FacetTally.objects.filter(session_id__in=todo).values_list(
        "session_id", "theme", "level", "kind", "facet", "code", "ref", "n"
    )
    for session_id, *key, n in rows:
        old[session_id][tuple(key)] = n
    # Most edits change no count (a reworded learning point): those sessions' rows stay as
    # they are, and only the sessions whose counts moved are written again.
    moved = [pk for pk in todo if fresh.get(pk, Counter()) != old[pk]]
    delta: Counter = Counter()
    for pk in moved:
        delta.subtract(old[pk])
        delta.update(fresh.get(pk, Counter()))
    _add_to_totals(delta)
    FacetTally.objects.filter(session_id__in=moved).delete()
    FacetTally.objects.bulk_create(
        FacetTally(
            session_id=pk, theme=k[0], level=k[1], kind=k[2], facet=k[3], code=k[4], ref=k[5], n=n
        )
        for pk in moved
        for k, n in fresh.get(pk, Counter()).items()
    )
    gone = [pk for pk in todo if pk not in revisions]
    TalliedSession.objects.filter(session_id__in=gone).delete()
    for pk in todo:
        if pk in revisions:
            TalliedSession.objects.filter(session_id=pk).update(revision=revisions[pk])


def behind() -> list[int]:
    """Sessions whose counts are behind their revision, and counted sessions that have gone."""
    up_to_date = TalliedSession.objects.filter(
        session_id=OuterRef("pk"), revision=OuterRef("revision")
    )
    changed = Session.objects.filter(~Exists(up_to_date)).values_list("pk", flat=True)
    gone = TalliedSession.objects.filter(
        ~Exists(Session.objects.filter(pk=OuterRef("session_id")))
    ).values_list("session_id", flat=True)
    return [*changed, *gone]


def catch_up() -> int:
    """Recount whatever is behind; how many sessions that was."""
    stale = behind()
    if stale:
        recount(stale)
    return len(stale)


# The three reads of a page (the visible themes, the facets, the themes facet) catch the counts
# up once per request, not three times (two queries each, about 5 ms at a million items): the
# request being served (``ajc.scope``) is marked once they have. Outside a request, and for
# every edit (``catch_up_after_commit``), each call catches up.
CAUGHT_UP = "_ajc_counts_caught_up"


def _catch_up_to_read() -> None:
    """``catch_up`` before reading the totals, once per request."""
    request = current_request()
    if getattr(request, CAUGHT_UP, False):
        return
    catch_up()
    if request is not None:
        setattr(request, CAUGHT_UP, True)


def catch_up_after_commit() -> None:
    """Count what the current transaction changed once it commits (once per transaction, however
    many items it saved), so that readers find the counts already done: by the worker's
    "refresh" lane after a facilitator's save (``_catch_up_soon``), here after a command's."""
    if not connection.in_atomic_block:
        catch_up()
    elif not any(func is _after_commit for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_after_commit, robust=True)


# One catch-up waiting on the refresh lane is enough for any number of edits (it counts what is
# behind when it runs); its claim lapses after this long if no worker ever takes it.
CATCH_UP_CLAIM = "tallies-catch-up"
CATCH_UP_CLAIM_SECONDS = 60


def _after_commit() -> None:
    if current_request() is None or not _catch_up_soon():
        catch_up()


def _catch_up_soon() -> bool:
    """Whether the worker will catch the counts up (asked now, or already waiting): a save
    through the admin need not wait for it, as whoever reads the totals first catches up
    anyway (``_catch_up_to_read``), never reading counts behind the content."""
    try:
        if not claim(CATCH_UP_CLAIM, timeout=CATCH_UP_CLAIM_SECONDS):
            return True
    except CacheUnavailable:
        return False
    try:
        catch_up_task.using(queue_name=REFRESH_QUEUE, priority=CATCH_UP_PRIORITY).enqueue()
    except (InvalidTask, DatabaseError):
        with contextlib.suppress(CacheUnavailable):
            release(CATCH_UP_CLAIM)
        return False
    return True


# Before the pages the same edit has the lane compute again (they would each catch up first).
CATCH_UP_PRIORITY = 10


@task
def catch_up_task() -> int:
    """The worker's part of ``_catch_up_soon``: let go of the claim first (an edit from now on
    asks again, and this catch-up may or may not see it), then count what is behind."""
    release(CATCH_UP_CLAIM)
    return catch_up()


def counts(levels, kinds=(), *, most: int, theme: int = EVERY_ITEM) -> dict:
    """The facets' counts over every item at ``levels`` (or, with ``theme``, over the items
    that carry that theme), counted as the browser counts them with at most kinds chosen:
    kinds over all kinds, every other facet within ``kinds`` (every kind when empty).

    Returns ``{"kind": {code: n}, "agreement": …, "party": …, "theme": {id: n}, "group": …,
    "sector": …, "session": {id: n}`` (the ``most`` largest sessions), "count": n}``; with
    ``theme``, "theme" is empty (the browser's themes facet counts every item: ``themes``)."""
    _catch_up_to_read()
    totals = FacetTotal.objects.filter(theme=theme, level__in=levels, n__gt=0)
    rows = (
        totals.exclude(facet="session")
        .values_list("kind", "facet", "code", "ref")
        .annotate(total=Sum("n"))
        .order_by()
    )
    result: dict = {facet: Counter() for facet in ("kind", *CODE_FACETS, *ID_FACETS)}
    for row_kind, facet, code, ref, total in rows:
        if facet == "items":
            result["kind"][row_kind] += total
        elif not kinds or row_kind in kinds:
            result[facet][code if facet in CODE_FACETS else ref] += total
    sessions = totals.filter(facet="session")
    if kinds:
        sessions = sessions.filter(kind__in=kinds)
    top = sessions.values_list("ref").annotate(total=Sum("n")).order_by("-total", "ref")
    result["session"] = dict(top[:most])
    result["count"] = sum(n for k, n in result["kind"].items() if not kinds or k in kinds)
    return {
        name: (dict(value) if isinstance(value, Counter) else value)
        for name, value in result.items()
    }


def total(levels, facet: str = "items", *, kind: str | None = None, ref: int = 0) -> int:
    """How many items at ``levels`` there are (of ``kind``), or carry one facet value (the
    theme ``ref``, say)."""
    _catch_up_to_read()
    totals = FacetTotal.objects.filter(
        theme=EVERY_ITEM, level__in=levels, facet=facet, ref=ref, n__gt=0
    )
    if kind:
        totals = totals.filter(kind=kind)
    return totals.aggregate(total=Sum("n"))["total"] or 0


def visible_themes(user):
    """The themes that an item ``user`` may see carries: a theme exists for a reader only
    through what they may read (its name and description say something too). Read from the
    counts kept here, once per content revision, rather than by joining every item that
    carries a theme (366 ms at a million items)."""
    return Theme.objects.filter(pk__in=visible_theme_ids(user))


VISIBLE_THEMES = Policy("visible-themes", cheap=True)


def visible_theme_ids(user) -> list[int]:
    """The ids of the themes that an item ``user`` may see carries, once per content revision
    and audience. Never the previous version after an edit (``cheap``: a sum over a few
    hundred kept counts): a theme that an item published moments ago carries is found at once
    (its page, the browser's theme filter), and after an unpublish one gone is gone."""
    levels = levels_for(user)
    return cached(VISIBLE_THEMES, audience_for(user), lambda: sorted(themes(levels)))


def themes(levels, kinds=()) -> dict[int, int]:
    """{theme id: how many items at ``levels`` (of one of ``kinds``, or any) carry it}."""
    _catch_up_to_read()
    rows = FacetTotal.objects.filter(theme=EVERY_ITEM, level__in=levels, facet="theme", n__gt=0)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return dict(rows.values_list("ref").annotate(total=Sum("n")).order_by())
