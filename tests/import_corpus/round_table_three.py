"""A round table numbered in digits, with labelled date and venue, an agenda of time-led lines,
and the questions it left open."""

from . import bullets, heading, para, title

LAYOUT = {"text_headings": "underlined", "running_header": "Youth Diversion Forum"}

PARTS = [
    title("Youth Diversion Forum"),
    title("Round Table 3: Diversion and Schools"),
    title("Date: Wednesday 21 May 2014"),
    title("Venue: Castlegate Library, Norwich"),
    title("Organisation: Eastern Youth Justice Partnership"),
    heading("Agenda"),
    para("14.00 Welcome – Grace Holt, Chair, Eastern Youth Justice Partnership"),
    para("14.10 Exclusions and offending – Dr Sam Ward, Researcher, Anglia Education Trust"),
    para("15.00 Round-table discussion"),
    heading("Discussion"),
    para(
        "Members agreed that a permanent exclusion is often the point at which a child first "
        "meets the youth justice system. Schools rarely hear what happened next."
    ),
    para(
        "Youth workers based in schools were seen as the best link between teachers and "
        "diversion schemes. Their posts depend on short grants, so the link may be lost."
    ),
    para(
        "The group recommended that every diversion scheme should name a contact in each "
        "secondary school."
    ),
    heading("Questions Raised"),
    bullets(
        "How can schools be told the outcome of a diversion without breaching confidentiality?",
        "Who should pay for youth workers in schools once the grants end?",
    ),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Diversion and Schools"}],
    "frame": {
        "series": "Youth Diversion Forum",
        "event_word": "Round Table",
        "number_style": "digits",
        "date": "2014-05-21",
        "date_precision": "day",
        "venue": "Castlegate Library, Norwich",
        "organisation": "Eastern Youth Justice Partnership",
    },
    "programme": [
        ("14.00", "Welcome", ["Grace Holt"]),
        ("14.10", "Exclusions and offending", ["Dr Sam Ward"]),
        ("15.00", "Round-table discussion", []),
    ],
    "records": {
        "finding": [
            "Members agreed that a permanent exclusion is often the point",
            "Youth workers based in schools were seen as the best link",
            "The group recommended that every diversion scheme should name a contact",
        ],
        "risk": ["Their posts depend on short grants, so the link may be lost."],
        "recommendation": [
            "every diversion scheme should name a contact in each secondary school",
        ],
        "question": [
            "How can schools be told the outcome of a diversion",
            "Who should pay for youth workers in schools once the grants end?",
        ],
    },
}
