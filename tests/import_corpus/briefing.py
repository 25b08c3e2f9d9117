"""A short briefing with no headings at all: one event, never a refusal."""

from . import para, title

LAYOUT = {"running_header": "Briefing"}

PARTS = [
    title("Learning from the Youth Justice Practice Day, 9 October 2014, Norwich"),
    para(
        "Thirty practitioners spent a day on how youth offending teams can keep in touch with "
        "young people who move between local authorities."
    ),
    para(
        "Practitioners agreed that case records often arrive weeks after the young person. In "
        "that gap a young person may miss appointments and be returned to court."
    ),
    para(
        "Several teams have started phoning the receiving team on the day of the move, which "
        "they found more useful than any written handover."
    ),
    para(
        "Teams should agree a same-day call as the standard for every transfer, and the youth "
        "justice board should publish how long records take to arrive."
    ),
]

EXPECTED = {
    "events": [{"number": 0, "title": "Learning from the Youth Justice Practice Day"}],
    "frame": {"date": "2014-10-09", "date_precision": "day"},
    "programme": [],
    "records": {
        "finding": [
            "Practitioners agreed that case records often arrive weeks after the young person.",
            "Several teams have started phoning the receiving team",
            "Teams should agree a same-day call as the standard for every transfer",
        ],
        "risk": ["a young person may miss appointments and be returned to court"],
        "recommendation": [
            "Teams should agree a same-day call as the standard for every transfer",
        ],
    },
}
