"""A two-day conference summary: a date range, a programme table with several speakers per row,
key messages as bullets and questions for the sector."""

from . import bullets, heading, para, table, title

LAYOUT = {"running_header": "Annual Conference 2015"}

PARTS = [
    title("Community Sentences Association"),
    title("Annual Conference 2015: Evidence That Changes Practice"),
    title("14–15 June 2015"),
    title("Moorside Hotel, Harrogate"),
    title(
        "Rapporteurs: Kate Lindqvist (Moorside University); Ben Adeyemi (Justice Data Lab North)"
    ),
    heading("Programme"),
    table(
        ["Time", "Session", "Speakers"],
        [
            "09.30",
            "Opening address",
            "Anne Fairweather, President, Community Sentences Association",
        ],
        [
            "10.15",
            "What the reoffending data tell us",
            "Ben Adeyemi, Analyst, Justice Data Lab North",
        ],
        [
            "11.30",
            "Practitioners' panel",
            "Joe Barker, Probation Officer, North Yorkshire; "
            "Mina Shah, Project Lead, Open Doors Mentoring; "
            "Carl Ennis, Magistrate, Harrogate Bench",
        ],
        ["14.00", "Closing reflections", "Kate Lindqvist, Reader, Moorside University"],
    ),
    heading("Key Messages"),
    bullets(
        "Delegates agreed that evaluation must be planned before a service starts, not after "
        "it ends.",
        "Small charities struggle to produce the evidence that commissioners ask for.",
        "Practitioners trust evidence more when they helped to gather it.",
    ),
    heading("Evidence and Commissioning"),
    para(
        "The data lab's figures showed that mentoring reduced reoffending for young adults but "
        "not for older men. Commissioners warned that cutting a service on one year's figures "
        "could remove something that works."
    ),
    para(
        "Delegates recommended that funders should pay for evaluation as a separate line in "
        "every contract."
    ),
    heading("Questions for the Sector"),
    bullets(
        "What is a fair share of a small contract to spend on evaluation?",
        "How should negative findings be published without ending a service?",
    ),
]

EXPECTED = {
    "events": [{"number": 0, "title": "Evidence That Changes Practice"}],
    "frame": {
        "series": "Community Sentences Association",
        "date": "2015-06-14",
        "date_precision": "day",
        "venue": "Moorside Hotel, Harrogate",
        "authors": ["Kate Lindqvist", "Ben Adeyemi"],
        "affiliations": ["Moorside University", "Justice Data Lab North"],
    },
    "programme": [
        ("09.30", "Opening address", ["Anne Fairweather"]),
        ("10.15", "What the reoffending data tell us", ["Ben Adeyemi"]),
        ("11.30", "Practitioners' panel", ["Joe Barker", "Mina Shah", "Carl Ennis"]),
        ("14.00", "Closing reflections", ["Kate Lindqvist"]),
    ],
    "records": {
        "finding": [
            "Delegates agreed that evaluation must be planned before a service starts",
            "Small charities struggle to produce the evidence",
            "Practitioners trust evidence more when they helped to gather it.",
            "The data lab's figures showed that mentoring reduced reoffending",
            "Delegates recommended that funders should pay for evaluation",
        ],
        "risk": [
            "cutting a service on one year's figures could remove something that works",
        ],
        "recommendation": [
            "evaluation must be planned before a service starts",
            "funders should pay for evaluation as a separate line in every contract",
        ],
        "question": [
            "What is a fair share of a small contract to spend on evaluation?",
            "How should negative findings be published without ending a service?",
        ],
    },
}
