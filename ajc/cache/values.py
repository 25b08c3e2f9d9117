"""Cached values: each kind of value declares its ``Policy`` once, beside where it is named,
and ``cached`` gives the value under its key, computed on a miss, with no stampede after an
edit and never a version a narrowing edit has hidden."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from ajc.replica import primary
from ajc.visibility import audience_for

from . import refresh
from .backend import MISSING, CachedFailure, CacheUnavailable, cache, quietly
from .keys import (
    FLOOR_KEY,
    HARD_FLOOR_KEY,
    NARROWING_KEY,
    NARROWING_SEQ_KEY,
    REVISION_KEY,
    content_revision,
    key,
)
from .revision import Hidden, pending

# How long one process may hold the recomputation of a value before others stop waiting.
RECOMPUTE_CLAIM_SECONDS = 30
# How long a reader waits for the process that holds the claim, at most: as long as the claim is
# held, computing the same value again would only add to the load that makes it slow.
WAIT_FOR_RECOMPUTE_SECONDS = 20.0
# A previous version is made safe after at most this many narrowing edits since it was computed
# (``_made_safe``); after more, it is computed again.
MAX_NARROWINGS_MADE_SAFE = 20


@dataclass(frozen=True)
class Policy:
    """How one kind of value is cached (``cached``).

    - ``timeout``: seconds it is kept (the cache's default if None).
    - ``remember_failure``: seconds an exception from computing it is remembered: later calls
      raise ``CachedFailure`` at once instead of repeating costly work that is failing (a PDF
      render, say); and with the cache away, ``CacheUnavailable`` is raised rather than the
      work done for every request (a 503 that says why: ``ajc.middleware``).
    - ``site_wide=False``: the key leaves the site's content revision out, for a value whose
      parts name every version it depends on (a session page names its sessions' revisions).
    - ``cheap``: costs a query or two (a lookup that names the versions of what a page shows).
      After any edit its first reader computes it again and is never given the previous
      version: a stampede of it costs little, and what it names stays current.
    - ``given_if``: the previous version is given only if this says yes to it; else it is
      computed at once, as if there were none. A theme that was found may be given as it was
      before an edit that narrows nothing (such an edit cannot hide it), but "no such theme" may
      not: the edit may be what published it.
    - ``made_safe``: after an edit that narrowed what readers may see and says what it hid
      (``ajc.cache.Hidden``: sessions and items, still in the database, now seen by fewer), the
      previous version with that taken out, as ``made_safe(previous, hidden)`` gives it: rows
      that show or link to anything hidden dropped, counts less what was hidden among them
      (the ``hidden`` of every such edit since the previous version was computed, together).
      None if it cannot: the value is then computed at once, as if there were no previous
      version. Without it, no version from before a narrowing edit is given.
    """

    name: str
    timeout: int | None = None
    remember_failure: int = 0
    site_wide: bool = True
    cheap: bool = False
    given_if: Callable[[Any], bool] | None = None
    made_safe: Callable[[Any, Hidden], Any] | None = None


def cached(
    policy: Policy | str, audience: str, compute: Callable[[], Any], *parts, identity=None
) -> Any:
    """The value cached under ``key(policy.name, audience, *parts)``, computed on a miss (a
    plain name is a ``Policy`` with nothing else said).

    No stampede: after an edit that narrows nothing, a reader who finds the value out of date is
    given its previous version at once, and the worker computes the new one by asking for the
    same page (``ajc.cache.refresh``); readers meanwhile get the previous version too. Where the
    worker cannot (no request to ask for again, a members' page, no worker on the "refresh"
    lane), one reader computes it and the others get the previous version or wait for that one.
    Facilitators always get the new one: they check what they have just edited. After a
    narrowing edit (unpublish, members-only, delete) nobody gets a version from before it.

    ``identity``: for a value whose ``parts`` name its version (``site_wide=False``), the parts
    that name the value itself (a session page's group and number), so that the previous
    version of it can be found once the version has moved on.

    If the cache cannot be reached, the value is computed from the database (always current)
    and kept nowhere (but see ``Policy.remember_failure``).
    """
    if isinstance(policy, str):
        policy = Policy(policy)
    try:
        return _cached(policy, audience, compute, parts, identity)
    except _Computed as done:
        return done.value
    except CacheUnavailable:
        if policy.remember_failure:
            # A costly render (a PDF) is not repeated by every request while the cache is away.
            raise
        with primary():
            return compute()


def cached_fragment(
    request, policy: Policy | str, template_name: str, build_context, *parts, identity=None
) -> str:
    """A rendered piece of a page, cached per audience, content revision and ``parts``.

    ``build_context`` runs only on a miss, so its querysets cost nothing on a hit. The fragment
    must depend on nothing but the audience and ``parts``: no user name, no CSRF token (those
    belong to the page around it).
    """
    return cached(
        policy,
        audience_for(request.user),
        lambda: render_to_string(template_name, build_context(), request=request),
        *parts,
        identity=identity,
    )


class _Computed(Exception):  # noqa: N818 (not an error: carries a value out past the cache)
    """The value was computed, but the cache failed before it was stored."""

    def __init__(self, value):
        super().__init__()
        self.value = value


@dataclass(frozen=True)
class _Slot:
    """Where one value is kept: its key at this revision, its previous versions' key."""

    policy: Policy
    value_key: str
    latest_key: str
    revision: Any


def _cached(policy: Policy, audience, compute, parts, identity):
    # A value whose parts name its version needs the site's revision only on a miss (to label
    # the version it stores): a hit costs one read of the cache, not two.
    revision = content_revision() if policy.site_wide else None
    value_key = key(policy.name, audience, *parts, site_wide=policy.site_wide, revision=revision)
    value = cache.get(value_key, MISSING)
    if value is not MISSING:
        return value
    latest_key = (
        None
        if policy.cheap
        else key(
            f"latest:{policy.name}",
            audience,
            *(parts if identity is None else identity),
            site_wide=False,
        )
    )
    seen = _look_around(policy, audience, value_key, latest_key, revision is None)
    if revision is None:
        revision = seen.get(REVISION_KEY) or content_revision()
    if policy.remember_failure and seen.get(f"{value_key}:failed"):
        raise CachedFailure(value_key)
    if policy.cheap:
        with primary():
            value = compute()
        _store({value_key: value}, revision, policy.timeout, value)
        return value
    return _out_of_date(_Slot(policy, value_key, latest_key, revision), audience, compute, seen)


def _look_around(policy: Policy, audience, value_key, latest_key, revision: bool) -> dict:
    """Everything a miss may need to know, read in one round trip to the cache: the site's
    revision (``revision``: not known yet), a failure remembered, the previous version and the
    floor below which it may not be given, and whether the page is queued for the worker
    (``refresh.queue_page``). A reader's wait after an edit is mostly these round trips on a
    busy machine (each a switch to Redis and back), so they are asked together."""
    wanted = []
    if revision:
        wanted.append(REVISION_KEY)
    if policy.remember_failure:
        wanted.append(f"{value_key}:failed")
    if latest_key is not None and str(audience) != "facilitator":
        wanted += [latest_key, FLOOR_KEY]
        if policy.made_safe is not None:
            wanted += [HARD_FLOOR_KEY, NARROWING_SEQ_KEY]
        if refresh.may_queue(audience):
            wanted += refresh.queue_keys(latest_key)
    return cache.get_many(wanted) if wanted else {}


def _out_of_date(slot: _Slot, audience, compute, seen: dict):
    """A value missing at this revision: its previous version if it may be given (the worker
    computing the new one), else the new one, computed here or by the process that claimed it.
    ``seen``: what ``_look_around`` read."""
    previous, fresh = _previous(slot.policy, slot.latest_key, audience, seen)
    given_if = slot.policy.given_if
    if refresh.refreshing() or (
        previous is not MISSING and given_if is not None and not given_if(previous)
    ):
        # The worker computing the page again gives nobody the previous version: it is there
        # to compute the new one (else its readers would be left to compute it themselves).
        previous, fresh = MISSING, False
    if previous is not MISSING and refresh.queue_page(
        slot.latest_key, audience, slot.revision, seen
    ):
        # The worker computes the new version at once (one task waiting per value, however
        # many readers and edits come); this reader does not wait for it.
        return previous
    if fresh:
        # No worker will compute it, and it was computed moments ago with only edits that
        # narrow nothing since: not worth a reader's time yet (``refresh_interval``).
        return previous
    claim_key = f"{slot.value_key}:claim"
    claimed = cache.add(claim_key, True, RECOMPUTE_CLAIM_SECONDS)
    if not claimed:
        value = previous if previous is not MISSING else _wait_for(slot.value_key, claim_key)
        if value is not MISSING:
            return value
    return _compute_and_store(slot, compute, claim_key if claimed else None)


def _compute_and_store(slot: _Slot, compute, claim_key):
    started = time.monotonic()
    try:
        # On the primary: a value computed from a replica that has not replayed the latest
        # edits would be kept under the new revision (ajc.replica).
        with primary():
            value = compute()
    except Exception:
        if slot.policy.remember_failure:
            quietly(cache.set, f"{slot.value_key}:failed", True, slot.policy.remember_failure)
        raise
    finally:
        if claim_key:
            quietly(cache.delete, claim_key)
    cost = time.monotonic() - started
    _store(
        # The previous version is labelled with the revision it was computed at, when, and what
        # it cost to compute (``_previous``).
        {slot.value_key: value, slot.latest_key: (slot.revision, value, time.time(), cost)},
        slot.revision,
        slot.policy.timeout,
        value,
    )
    return value


def _store(values: dict, revision, timeout, value) -> None:
    """Keep ``values``, unless they were computed at a revision an edit has not committed yet
    (``ajc.cache.invalidate``): they may show the content as it was before it."""
    try:
        if not pending(revision):
            cache.set_many(values, **({} if timeout is None else {"timeout": timeout}))
    except CacheUnavailable:
        raise _Computed(value) from None


def refresh_interval(cost: float) -> float:
    """How long a value that took ``cost`` seconds to compute is served after an edit that
    narrows nothing before a reader's own process computes it again, where no worker will
    (a members' page, no "refresh" lane): at least ``at_least`` seconds, ``factor`` times its
    cost (so recomputing takes at most 1/factor of the web processes' time however often
    facilitators save), at most ``at_most``. ``AJC_REFRESH`` in the settings. The worker's lane
    needs no such window: it computes one value at a time, at a low priority."""
    window = settings.AJC_REFRESH
    return min(window["at_most"], max(window["at_least"], window["factor"] * cost))


def _previous(policy: Policy, latest_key: str, audience: str, seen: dict) -> tuple[Any, bool]:
    """The previous version of a value, if it may be served, and whether it is fresh enough to
    serve without computing it again (``refresh_interval``): never to facilitators (they check
    what they have just edited) and never from before a narrowing edit as it was, only made safe
    (``Policy.made_safe``). ``seen``: the previous version and the floors, read together
    (``_look_around``)."""
    if str(audience) == "facilitator":
        return MISSING, False
    latest = seen.get(latest_key)
    if latest is None:
        return MISSING, False
    revision, value, computed_at, cost = latest
    if revision >= (seen.get(FLOOR_KEY) or 0):
        return value, time.time() - computed_at < refresh_interval(cost)
    hidden = _hidden_since(policy, revision, seen)
    if hidden is None:
        return MISSING, False
    made_safe = policy.made_safe(value, hidden)
    # Made safe, it is never fresh: the new version is computed (by the worker, where it can).
    return (MISSING, False) if made_safe is None else (made_safe, False)


def _hidden_since(policy: Policy, revision, seen: dict) -> Hidden | None:
    """All that the narrowing edits since ``revision`` hid, if each of them said what it hid
    and every one of them is still on record; else None (``Policy.made_safe``)."""
    if policy.made_safe is None or revision < (seen.get(HARD_FLOOR_KEY) or 0):
        return None
    latest = seen.get(NARROWING_SEQ_KEY) or 0
    first = max(1, latest - MAX_NARROWINGS_MADE_SAFE + 1)
    wanted = [NARROWING_KEY.format(number) for number in range(first, latest + 1)]
    found = cache.get_many(wanted) if wanted else {}
    if len(found) != len(wanted):
        return None  # expired, or one being noted this moment
    entries = [found[name] for name in wanted]
    if first > 1 and entries[0][0] > revision:
        return None  # more narrowing edits since than are read
    hidden = Hidden()
    for narrowed_at, sessions, items in entries:
        if narrowed_at > revision:
            hidden |= Hidden.of(sessions, items)
    return hidden or None


def _wait_for(value_key: str, claim_key: str) -> Any:
    """The new value once the process holding ``claim_key`` has stored it, else MISSING: when
    that process let go without storing it (its computation failed) or after
    WAIT_FOR_RECOMPUTE_SECONDS. Waiting out the holder however slow it is, rather than a fixed
    time, is what keeps a slow value (a search at a million items, under load) from being
    computed again by every reader that gave up waiting."""
    deadline = time.monotonic() + WAIT_FOR_RECOMPUTE_SECONDS
    pause = 0.01
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 1.5, 0.1)
        value = cache.get(value_key, MISSING)
        if value is not MISSING:
            return value
        if not cache.get(claim_key):
            return cache.get(value_key, MISSING)
    return MISSING
