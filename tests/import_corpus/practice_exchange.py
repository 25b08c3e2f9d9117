"""A probation delivery unit's practice exchange (held out: written for issue 24's third round
and measured before any rule was changed; its writer had read the rules' documentation, so it
is less unseen than the first held-out reports): a title block with a weekday date, a labelled
venue and "Notes by", headings in Word's styles and plain in text, risks as a bulleted list of
what may happen under a heading of the group's own ("Where it could go wrong"), one stated as a
plain fact, and a single request line under "What we would ask of commissioners" followed by a
sentence of context shaped like a request."""

from . import bullets, heading, para, title

LAYOUT = {
    "wrap": 88,
    "bullet": "- ",
    "running_header": "Riverbend practice exchange notes",
}

PARTS = [
    title("Riverbend Probation Practice Exchange"),
    title("Practice Exchange 6: Leaving Custody with Nowhere to Live"),
    title("Tuesday 9th July 2024"),
    title("Venue: St Anne's Community Centre, Riverbend"),
    title("Notes by Hannah Okafor (Riverbend Probation Delivery Unit)"),
    heading("Who came and why"),
    para(
        "Eleven probation practitioners, two council housing officers and a worker from the "
        "town's night shelter met to compare how people leaving prison are found somewhere to "
        "live."
    ),
    heading("What practitioners told us"),
    para(
        "Referrals to the council's housing team are now made twelve weeks before release, and "
        "most practitioners said the earlier start had helped."
    ),
    para(
        "Housing officers rarely see the prison's resettlement plan, so they start their own "
        "assessment from nothing."
    ),
    para(
        "Where a prison has a named housing officer, the duty to refer was said to work as it "
        "was meant to."
    ),
    heading("Where it could go wrong"),
    bullets(
        "People released on a Friday afternoon may find the council's housing office already "
        "closed for the weekend.",
        "The night shelter could lose its funding in March, and its twenty beds with it.",
        "Someone who misses a first housing appointment can lose their place on the waiting list.",
        "Women leaving custody are likely to be offered rooms far from their children's schools.",
        "A person with no fixed address is at risk of recall for missed supervision appointments.",
        "Private landlords in the town turn away tenants with a recent conviction.",
    ),
    heading("What we would ask of commissioners"),
    para("Commissioners to fund a housing worker in the resettlement team of each local prison."),
    para(
        "Charities struggle to raise match funding for short-stay beds, so a grant for a single "
        "year is rarely enough."
    ),
]

EXPECTED = {
    "events": [{"number": 6, "title": "Leaving Custody with Nowhere to Live"}],
    "frame": {
        "series": "Riverbend Probation Practice Exchange",
        "event_word": "Practice Exchange",
        "number_style": "digits",
        "date": "2024-07-09",
        "date_precision": "day",
        "venue": "St Anne's Community Centre",
        "authors": ["Hannah Okafor"],
        "affiliations": ["Riverbend Probation Delivery Unit"],
    },
    "programme": [],
    "records": {
        "finding": [
            "Referrals to the council's housing team are now made twelve weeks before release",
            "Housing officers rarely see the prison's resettlement plan",
            "Where a prison has a named housing officer",
            "Charities struggle to raise match funding for short-stay beds",
        ],
        "risk": [
            "People released on a Friday afternoon may find the council's housing office",
            "The night shelter could lose its funding in March",
            "Someone who misses a first housing appointment can lose their place",
            "Women leaving custody are likely to be offered rooms far from",
            "A person with no fixed address is at risk of recall",
            "Private landlords in the town turn away tenants with a recent conviction",
        ],
        "recommendation": [
            "Commissioners to fund a housing worker in the resettlement team",
        ],
    },
}
