"""Proposals that resemble records already in the knowledge base (issue 24 point 4): a risk or
recommendation another session already holds is linked, not typed twice. Words in common, not
meaning: a proposal resembles an item of its kind when most of the longer words of the shorter
of the two occur in the other."""

import re

from findings.models import Item

WORD = re.compile(r"[a-z]{4,}")
# Words every record uses: they say nothing about which record it is.
COMMON = {
    "that",
    "this",
    "with",
    "from",
    "should",
    "would",
    "could",
    "their",
    "there",
    "which",
    "have",
    "been",
    "more",
    "than",
    "they",
    "will",
    "need",
    "group",
    "were",
    "what",
}
SHARED = 0.6  # of the shorter record's words
CANDIDATES = 5000  # items of a kind compared, the most recent first


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower())) - COMMON


def resembles(a: set[str], b: set[str]) -> bool:
    shorter = min(len(a), len(b))
    return shorter >= 3 and len(a & b) >= SHARED * shorter


def similar_items(proposals) -> dict[int, list[Item]]:
    """For each risk or recommendation proposal (by id), the items of its kind in other
    sessions that it resembles, most alike first (two at most)."""
    found: dict[int, list[Item]] = {}
    for kind in (Item.Kind.RISK, Item.Kind.RECOMMENDATION):
        mine = [p for p in proposals if p.kind == kind]
        if not mine:
            continue
        items = list(
            Item.objects.filter(kind=kind)
            .select_related("session__group", "source")
            .order_by("-pk")[:CANDIDATES]
        )
        known = [(item, words(_words_of(item))) for item in items]
        for proposal in mine:
            own = words(f"{proposal.statement} {proposal.text}")
            alike = [
                (len(own & theirs), item)
                for item, theirs in known
                if item.session_id != proposal.session_id and resembles(own, theirs)
            ]
            if alike:
                found[proposal.pk] = [item for _n, item in sorted(alike, key=lambda a: -a[0])][:2]
    return found


def _words_of(item: Item) -> str:
    source = item.source.text if item.source_id else ""
    return f"{item.statement} {item.text or source}"
