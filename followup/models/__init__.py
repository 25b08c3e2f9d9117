"""What happened next: each recommendation's follow-up ledger, risks tracked across sessions,
and what members follow and have been sent.

Nothing here is more visible than what it is about: a ledger is seen by who sees its
recommendation, an evidence entry and a risk observation carry their own visibility too, and
every QuerySet's ``visible_to(user)`` combines both through ``ajc.visibility``.

The models are in three modules: ``ledgers`` (responses, ratings, timelines, evidence),
``risks`` (tracked risks, observations, trajectories, the heat map) and ``follows`` (what
members follow and are sent); everything is imported from here.
"""

from .follows import DigestPreference, DigestSent, Follow, Frequency
from .ledgers import (
    ANSWERED,
    CHANGE_STATUS_PERMISSION,
    UNANSWERED,
    Evidence,
    FollowUp,
    LedgerEntry,
    Rating,
    ResponseStatus,
    status_of_row,
    statuses_for_briefs,
)
from .risks import (
    HeatMap,
    Impact,
    Likelihood,
    Observation,
    Stage,
    TrackedRisk,
    Trajectory,
    risk_level,
)

__all__ = [
    "ANSWERED",
    "CHANGE_STATUS_PERMISSION",
    "UNANSWERED",
    "DigestPreference",
    "DigestSent",
    "Evidence",
    "Follow",
    "FollowUp",
    "Frequency",
    "HeatMap",
    "Impact",
    "LedgerEntry",
    "Likelihood",
    "Observation",
    "Rating",
    "ResponseStatus",
    "Stage",
    "TrackedRisk",
    "Trajectory",
    "risk_level",
    "status_of_row",
    "statuses_for_briefs",
]
