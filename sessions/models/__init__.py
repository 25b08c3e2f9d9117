"""Learning groups, their round-table sessions, and who attended (by sector, never by name).

Two modules: ``groups`` (groups and sessions) and ``parts`` (a session's topics, attendance,
figures and programme); everything is imported from here."""

import uuid


def figure_upload_to(instance, filename):
    # Stored under a generated name: the uploader's file name never reaches the disk. (Defined
    # here, before the modules below, because the migrations name it at this path.)
    return f"figures/{uuid.uuid4().hex}.png"


from .groups import (  # noqa: E402 (after figure_upload_to, which .parts uses)
    LearningGroup,
    LearningGroupQuerySet,
    Session,
    SessionQuerySet,
    number_in_roman,
    number_in_words,
)
from .parts import (  # noqa: E402
    SESSION_PARTS,
    SMALLEST_NAMED_SECTOR,
    Attendance,
    Figure,
    ProgrammeRow,
    Sector,
    Speaker,
    TopicHeading,
)

__all__ = [
    "SESSION_PARTS",
    "SMALLEST_NAMED_SECTOR",
    "Attendance",
    "Figure",
    "LearningGroup",
    "LearningGroupQuerySet",
    "ProgrammeRow",
    "Sector",
    "Session",
    "SessionQuerySet",
    "Speaker",
    "TopicHeading",
    "figure_upload_to",
    "number_in_roman",
    "number_in_words",
]
