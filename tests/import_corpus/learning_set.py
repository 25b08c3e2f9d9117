"""A Scottish community justice partnership's learning set: its own words (criminal justice
social work, structured deferred sentences, the fiscal, community payback orders), a programme
table whose times are written "10.00", risks and asks in ordinary paragraphs under headings
that do not name them ("Where it could go wrong", "Asks of partners"), and the asks worded
"Partners are asked to …", "The partnership ought to …" (held out, round six)."""

from . import bullets, heading, para, table, title

LAYOUT = {
    "text_headings": "numbered",
    "word_headings": "styles",
    "running_header": "Clydeside Community Justice Learning Sets",
    "table_lines": False,
}

PARTS = [
    title("Clydeside Community Justice Learning Sets"),
    title("Learning Set 3: Diversion from prosecution and structured deferred sentences"),
    para("Wednesday 14th August 2024, Burnside Learning Centre, Rutherglen"),
    para(
        "Prepared for the Clydeside Community Justice Partnership by Fiona Drummond and "
        "Callum Rennie (learning set facilitators)"
    ),
    heading("Programme"),
    table(
        ["Time", "Session", "Led by"],
        ["10.00", "Welcome and purpose of the day", "Fiona Drummond"],
        ["10.20", "Diversion in practice: the first year", "Isla Baird, justice social work"],
        ["11.30", "Structured deferred sentences: what sheriffs want", "Sheriff Alan Munro"],
        ["13.30", "Planning for next year", "Callum Rennie"],
    ),
    heading("Where we are"),
    para(
        "Criminal justice social work took 148 diversion referrals from the fiscal in the "
        "year to March, up from 96 the year before, and 80% of those who started a diversion "
        "plan completed it. Referrals have fallen back in the last quarter, though, since the "
        "fiscal's office lost two deputes."
    ),
    para(
        "Sheriffs value structured deferred sentences for young adults, but want a named "
        "worker and a short progress report at every review. The set agreed that the "
        "first month after a deferral decides whether it succeeds."
    ),
    heading("Where it could go wrong"),
    para(
        "Diversion places paid for by the partnership may go unused if the fiscal's referrals "
        "keep falling, and the funding could then be withdrawn next year. Without a named worker "
        "from the first week, people on structured deferred sentences drift and come back to "
        "court in breach."
    ),
    para(
        "The set also noted that third sector mentoring for community payback orders is funded "
        "only until March, with no decision yet on what follows."
    ),
    heading("Asks of partners"),
    bullets(
        "Partners are asked to agree a single referral form for diversion, shared by the "
        "fiscal, the police and justice social work.",
        "The partnership ought to guarantee a named worker within five working days of every "
        "structured deferred sentence.",
        "It would be worth the health board considering a drug and alcohol worker based in "
        "the justice social work team two days a week.",
    ),
    para(
        "The next learning set, on community payback orders, will be held in November. The "
        "facilitators will circulate this note to all partners."
    ),
]

EXPECTED = {
    "events": [
        {
            "number": 3,
            "title": "Diversion from prosecution and structured deferred sentences",
        }
    ],
    "frame": {
        "series": "Clydeside Community Justice Learning Sets",
        "organisation": "Clydeside Community Justice Partnership",
        "event_word": "Learning Set",
        "number_style": "digits",
        "date": "2024-08-14",
        "date_precision": "day",
        "venue": "Burnside Learning Centre",
        "authors": ["Fiona Drummond", "Callum Rennie"],
    },
    "programme": [
        ("10.00", "Welcome and purpose of the day", ["Fiona Drummond"]),
        ("10.20", "Diversion in practice: the first year", ["Isla Baird"]),
        ("11.30", "Structured deferred sentences: what sheriffs want", ["Sheriff Alan Munro"]),
        ("13.30", "Planning for next year", ["Callum Rennie"]),
    ],
    "records": {
        "finding": [
            "Criminal justice social work took 148 diversion referrals from the fiscal",
            "Sheriffs value structured deferred sentences for young adults",
            "the first month after a deferral decides whether it succeeds",
            "Referrals have fallen back in the last quarter",
        ],
        "risk": [
            "Diversion places paid for by the partnership may go unused",
            "people on structured deferred sentences drift and come back to court in breach",
            "third sector mentoring for community payback orders is funded only until March",
        ],
        "recommendation": [
            "Partners are asked to agree a single referral form for diversion",
            "The partnership ought to guarantee a named worker within five working days",
            "It would be worth the health board considering a drug and alcohol worker",
        ],
    },
    "not_records": [],
}
