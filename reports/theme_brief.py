"""A theme brief as a PDF, prepared by the report machinery (``reports.tasks``) as a session
report is: once per version of what it prints and per audience, in the background.

What the brief holds is ``findings.briefs.theme_brief``'s, as on its page, CSV and JSON.
``select_brief`` finds the theme for the reader; ``BriefSelection.versions`` names everything
the brief prints, cheaply (a few small queries, no text read), so an edit elsewhere leaves the
PDF valid and an edit to an item carrying the theme gives a new version at once.
"""

import dataclasses
import hashlib
from functools import cached_property

from django.db.models import Q

from ajc.visibility import audience_for
from findings import briefs, tallies
from findings.models import Item, Theme
from sessions.models import LearningGroup

from .report import LANGUAGE


@dataclasses.dataclass
class BriefSelection:
    """One theme's brief for one reader, before any of its content is read."""

    user: object
    theme: Theme
    audience: str

    @cached_property
    def versions(self) -> list[str]:
        """A digest of everything the brief prints: the theme; each visible item carrying it
        and the revision of its session (which moves on every edit to the item, its themes,
        sectors and links, or the session); the visible items they link to (printed beside
        them), likewise; their groups' own fields; and the recommendations' follow-up status."""
        visible = Item.objects.visible_to(self.user)
        items = list(
            visible.with_theme(self.theme)
            .order_by("pk")
            .values_list("pk", "kind", "session_id", "session__revision", "session__group_id")
        )
        ids = [row[0] for row in items]
        linked = list(
            visible.filter(Q(answers__in=ids) | Q(answered_by__in=ids))
            .order_by("pk")
            .values_list("pk", "session__revision")
            .distinct()
        )
        groups = [
            [(f.attname, f.value_to_string(group)) for f in group._meta.fields]
            for group in LearningGroup.objects.filter(pk__in={row[4] for row in items}).order_by(
                "pk"
            )
        ]
        recommendations = [row[0] for row in items if row[1] == Item.Kind.RECOMMENDATION]
        statuses = sorted(
            (pk, dataclasses.astuple(status))
            for pk, status in briefs.follow_up_statuses(recommendations, self.user).items()
        )
        theme = (self.theme.pk, self.theme.slug, self.theme.name, self.theme.description)
        frame = repr((theme, items, linked, groups, statuses))
        digest = hashlib.sha256(frame.encode("utf-8")).hexdigest()[:24]
        return [f"t{self.theme.pk}.{digest}"]

    def build(self) -> "Brief":
        return Brief(briefs.theme_brief(self.theme, self.user), self.audience)


@dataclasses.dataclass
class Brief:
    """The brief as the PDF prints it: ``findings.briefs.theme_brief``'s content, with risks
    and recommendations numbered so each can point to the other."""

    content: dict
    audience: str
    language: str = LANGUAGE

    def __post_init__(self):
        risks, recommendations = self.content["risks"], self.content["recommendations"]
        numbers = {}
        for listed in (risks, recommendations):
            for number, item in enumerate(listed, 1):
                item.number = numbers[item.pk] = number
        for item in risks + recommendations:
            links = item.visible_answered_by if item in risks else item.visible_answers
            # A linked item in the brief is named by its number; one on other themes, in full.
            item.links_here = [numbers[link.pk] for link in links if link.pk in numbers]
            item.links_elsewhere = [link for link in links if link.pk not in numbers]

    @property
    def theme(self) -> Theme:
        return self.content["theme"]

    @property
    def title(self) -> str:
        return f"Theme brief: {self.theme.name}"

    @property
    def running_title(self) -> str:
        return f"AJC learning groups · Theme brief · {self.theme.name}"

    @property
    def printed(self) -> dict:
        """The items its PDF shows (``reports.tasks.previous_pdf``)."""
        register = self.content["risks"] + self.content["recommendations"]
        items = [item.pk for _, found in self.content["learning_points"] for item in found]
        items += [item.pk for item in register]
        items += [link.pk for item in register for link in item.links_elsewhere]
        return {"sessions": [], "items": items}


def select_brief(user, slug: str) -> BriefSelection:
    """The brief of the theme ``slug`` for ``user``. Raises ``Theme.DoesNotExist`` when there is
    no such theme or only items the reader may not see carry it (so views answer 404 either
    way, as the theme page does)."""
    theme = tallies.visible_themes(user).get(slug=slug)
    return BriefSelection(user=user, theme=theme, audience=str(audience_for(user)))
