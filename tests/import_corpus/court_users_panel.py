"""A court users' panel's summary (held out: written after the rules and their generic cues,
and measured once, untuned): a title block, sentence-case headings in text, no lists."""

from . import heading, para, title

LAYOUT = {"wrap": 80, "running_header": "Court users' panel"}

PARTS = [
    title("Eastbrook Magistrates' Court Users' Panel"),
    title("Panel Meeting 3: Remand Decisions and Bail Information"),
    title("Thursday 9th June 2016"),
    title("Venue: Eastbrook Town Hall"),
    heading("Why the panel met"),
    para(
        "The panel brought together legal advisers, defence solicitors, probation and a bail "
        "information charity to look at how remand decisions are made on a busy morning list."
    ),
    heading("What members told us"),
    para(
        "Bail information reports were available for fewer than half of the defendants who "
        "were remanded in custody last quarter."
    ),
    para(
        "Defence solicitors said that a verified address is the single thing most likely to "
        "change a remand decision."
    ),
    para(
        "The charity's volunteers can check an address in under an hour when they are "
        "given the defendant's details before the list starts."
    ),
    para(
        "Magistrates are remanding some defendants simply because nobody could confirm where "
        "they would live, and a few of them lose their jobs or homes as a result."
    ),
    para(
        "The charity's funding runs to December, and the panel heard that if it is not "
        "extended the courts would lose their only source of verified addresses."
    ),
    para(
        "Members fear that the move of the cells to the new custody suite will cut the time "
        "volunteers have with defendants."
    ),
    heading("Next steps"),
    para("Listing officers should send the next day's list to the charity by four o'clock."),
    para("The panel recommends that probation and the charity share one bail information form."),
    para(
        "The court manager is invited to report back on the custody suite's visiting times "
        "at the next meeting."
    ),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Remand Decisions and Bail Information"}],
    "frame": {
        "series": "Eastbrook Magistrates' Court Users' Panel",
        "event_word": "Meeting",
        "number_style": "digits",
        "date": "2016-06-09",
        "date_precision": "day",
        "venue": "Eastbrook Town Hall",
    },
    "programme": [],
    "records": {
        "finding": [
            "Bail information reports were available for fewer than half",
            "a verified address is the single thing most likely to change",
            "The charity's volunteers can check an address in under an hour",
        ],
        "risk": [
            "a few of them lose their jobs or homes as a result",
            "the courts would lose their only source of verified addresses",
            "will cut the time volunteers have with defendants",
        ],
        "recommendation": [
            "Listing officers should send the next day's list to the charity",
            "probation and the charity share one bail information form",
            "report back on the custody suite's visiting times",
        ],
    },
}
