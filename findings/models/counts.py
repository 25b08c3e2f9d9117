"""The facet counts the findings browser reads, kept per session (``findings.tallies``)."""

from django.db import models

from ajc.visibility import Visibility


class FacetCount(models.Model):
    """What the kept counts count: how many items at one level of visibility and of one kind
    fall under one facet value (a theme, sector, session or group by ``ref``; an agreement or
    party by ``code``), among every item (``theme`` 0) or among the items that carry one theme
    (``theme``: its id), so that the browser filtered by a theme reads its counts too."""

    # 0: every item. A theme's id: the items that carry it (no "theme" facet rows there: the
    # themes facet of a page filtered by a theme counts every item, so theme 0's rows).
    theme = models.IntegerField(default=0)
    level = models.CharField(max_length=10, choices=Visibility)
    kind = models.CharField(max_length=20)
    facet = models.CharField(max_length=10)
    code = models.CharField(max_length=40, blank=True, default="")
    ref = models.IntegerField(default=0)
    n = models.IntegerField()

    class Meta:
        abstract = True


class FacetTally(FacetCount):
    """One session's ``FacetCount`` rows (``findings.tallies``): kept so that a count over the
    whole site is a sum over a few hundred rows (``FacetTotal``), not a scan of every item.

    ``session_id`` is a plain number, not a foreign key: when a session goes, its rows stay
    until the next recount takes them off the totals."""

    session_id = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session_id", "theme", "level", "kind", "facet", "code", "ref"],
                name="facet_tally_once",
            )
        ]

    def __str__(self):
        within = f", theme {self.theme}" if self.theme else ""
        return (
            f"Session {self.session_id}{within}, {self.level} {self.kind}, {self.facet}: {self.n}"
        )


class FacetTotal(FacetCount):
    """The sum of every session's ``FacetTally`` rows with the same key, moved by deltas."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "facet", "level", "kind", "code", "ref"],
                name="facet_total_once",
            )
        ]

    def __str__(self):
        within = f"theme {self.theme}, " if self.theme else ""
        return f"{within}{self.level} {self.kind}, {self.facet} {self.code or self.ref}: {self.n}"


class TalliedSession(models.Model):
    """The session revision a session's ``FacetTally`` rows were counted at: a session whose
    revision has moved on since (or that has none) is counted again before totals are read."""

    session_id = models.IntegerField(primary_key=True)
    # -1 until first counted (a session's own revision starts at 0).
    revision = models.IntegerField()

    def __str__(self):
        return f"Session {self.session_id} counted at revision {self.revision}"
