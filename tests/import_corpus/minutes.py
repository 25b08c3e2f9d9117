"""Meeting minutes: attendees by organisation, numbered items and an actions table."""

from . import bullets, heading, para, table, title

LAYOUT = {"text_headings": "numbered", "running_header": "Resettlement Providers Network"}

PARTS = [
    title("Resettlement Providers Network"),
    title("Minutes of Meeting 5, held on 12 September 2013 at Westgate House, Bristol"),
    heading("Present"),
    bullets(
        "Probation trust: two officers",
        "Voluntary sector providers: four representatives",
        "Office of the Police and Crime Commissioner: one representative",
    ),
    heading("Apologies"),
    bullets("Housing association: one representative"),
    heading("Housing on release"),
    para(
        "Members reported that the number of people released without an address rose over the "
        "summer. Emergency accommodation is often more than twenty miles from the probation "
        "office."
    ),
    para(
        "The network agreed that the local housing protocol is sound but is not followed on "
        "Fridays, when most releases happen."
    ),
    heading("Employment support"),
    para(
        "Two providers described employer forums that have found jobs for people on licence. "
        "Employers want a single point of contact rather than calls from several charities."
    ),
    heading("Actions"),
    table(
        ["Action", "Owner", "Due"],
        [
            "Circulate the draft Friday release checklist to members",
            "Secretariat",
            "30 September 2013",
        ],
        [
            "Ask the council to publish emergency accommodation vacancies daily",
            "Chair",
            "October 2013",
        ],
        [
            "Set up one employer contact point for the network",
            "Employment subgroup",
            "December 2013",
        ],
    ),
]

EXPECTED = {
    "events": [{"number": 5, "title": "Resettlement Providers Network"}],
    "frame": {
        "series": "Resettlement Providers Network",
        "event_word": "Meeting",
        "number_style": "digits",
        "date": "2013-09-12",
        "date_precision": "day",
        "venue": "Westgate House, Bristol",
    },
    "programme": [],
    "records": {
        "finding": [
            "Members reported that the number of people released without an address rose",
            "The network agreed that the local housing protocol is sound",
            "Two providers described employer forums",
        ],
        "risk": [],
        "recommendation": [
            "Circulate the draft Friday release checklist to members",
            "Ask the council to publish emergency accommodation vacancies daily",
            "Set up one employer contact point for the network",
        ],
    },
    # Attendees are counted, never named, and never become records.
    "not_records": ["Probation trust: two officers", "Housing association: one representative"],
}
