"""Who may see what: the one place that decides it.

Content is draft (facilitators only), members only, or public. A user's *audience* is the
widest of those they may read; QuerySets filter on ``levels_for(user)`` and caches key on
``audience_for(user)``, so every page, count, feed and PDF obeys the same rule.
"""

from django.db import models

VIEW_DRAFTS_PERMISSION = "ajc_sessions.view_draft_content"
PUBLISH_PERMISSION = "ajc_sessions.publish_session"


class Visibility(models.TextChoices):
    DRAFT = "draft", "Draft (facilitators only)"
    MEMBERS = "members", "Members only"
    PUBLIC = "public", "Public"


class Audience(models.TextChoices):
    PUBLIC = "public", "The public"
    MEMBER = "member", "Members"
    FACILITATOR = "facilitator", "Facilitators"


LEVELS = {
    Audience.PUBLIC: (Visibility.PUBLIC,),
    Audience.MEMBER: (Visibility.PUBLIC, Visibility.MEMBERS),
    Audience.FACILITATOR: (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.DRAFT),
}


# Wider visibility ranks higher.
RANK = {Visibility.DRAFT: 0, Visibility.MEMBERS: 1, Visibility.PUBLIC: 2}


def narrows(before: str | None, after: str | None) -> bool:
    """Whether a change of visibility from ``before`` to ``after`` hides something from
    someone who could see it (deleting is ``after=None``)."""
    if before is None:
        return False
    return after is None or RANK[Visibility(after)] < RANK[Visibility(before)]


def may_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def held_back(user, stored: str | None, wanted: str, *, under_draft: bool) -> str:
    """The visibility a save by ``user`` may give: ``wanted`` if they may publish. Without
    the permission, nothing changes visibility (a revert or a forged post neither publishes
    nor unpublishes), and something new starts as a draft unless what holds it (its session,
    its recommendation) is itself a draft, when it waits for that to be published."""
    if may_publish(user):
        return wanted
    if stored is not None:
        return stored
    return wanted if under_draft else Visibility.DRAFT


def audience_for(user) -> Audience:
    if user is None or not user.is_authenticated or not user.is_active:
        return Audience.PUBLIC
    if user.has_perm(VIEW_DRAFTS_PERMISSION):
        return Audience.FACILITATOR
    return Audience.MEMBER


def levels_for(user) -> tuple[str, ...]:
    return tuple(str(level) for level in LEVELS[audience_for(user)])


class Reader:
    """Anyone of one audience, for work done on no one's request (a background render): the
    visibility rule sees them exactly as it sees a real user of that audience."""

    is_active = True

    def __init__(self, audience: str):
        self.audience = Audience(audience)
        self.is_authenticated = self.audience != Audience.PUBLIC

    def has_perm(self, permission: str) -> bool:
        return permission == VIEW_DRAFTS_PERMISSION and self.audience == Audience.FACILITATOR
