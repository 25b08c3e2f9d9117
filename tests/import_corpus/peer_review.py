"""A peer review visit over two days (held out: written after the rules): numbered headings
in text, a date range, findings as bullets, concerns and suggestions as paragraphs."""

from . import bullets, heading, para, title

LAYOUT = {"text_headings": "numbered", "bullet": "* ", "running_header": "Peer review"}

PARTS = [
    title("Approved Premises Peer Review Programme"),
    title("Peer Review Visit 4: Ashby Road Approved Premises"),
    title("3–4 March 2015"),
    title("Venue: Ashby Road, Loughton"),
    title("Organised by the Midlands Approved Premises Network"),
    heading("Background"),
    para(
        "Two managers from other approved premises spent two days at Ashby Road, observing "
        "handovers and talking to residents and staff."
    ),
    heading("Findings"),
    bullets(
        "Handovers between shifts were thorough and written down.",
        "Residents knew who their key worker was and when they would next meet.",
        "Night staff had not been trained in the new curfew procedure.",
        "The premises' links with the local GP surgery were strong.",
    ),
    heading("Areas of concern"),
    para(
        "Because night staff have not been trained, a curfew breach at night may not be "
        "reported until the morning."
    ),
    para(
        "The reviewers were struck by how much depends on one long-serving manager; her "
        "retirement next year could leave the premises without anyone who knows its history."
    ),
    para(
        "Residents moving on to private rented housing are at risk of losing their tenancy in "
        "the first month."
    ),
    heading("Suggestions"),
    para("The reviewers suggest that night staff complete the curfew training within a month."),
    para("A deputy should shadow the manager during her last year."),
    para(
        "It would help if the move-on worker kept in touch with each resident for six weeks "
        "after they leave."
    ),
]

EXPECTED = {
    "events": [{"number": 4, "title": "Ashby Road Approved Premises"}],
    "frame": {
        "series": "Approved Premises Peer Review Programme",
        "event_word": "Visit",
        "number_style": "digits",
        "date": "2015-03-03",
        "date_precision": "day",
        "venue": "Ashby Road, Loughton",
        "organisation": "Midlands Approved Premises Network",
    },
    "programme": [],
    "records": {
        "finding": [
            "Handovers between shifts were thorough",
            "Residents knew who their key worker was",
            "Night staff had not been trained in the new curfew procedure.",
            "links with the local GP surgery were strong",
        ],
        "risk": [
            "a curfew breach at night may not be reported until the morning",
            "could leave the premises without anyone who knows its history",
            "at risk of losing their tenancy",
        ],
        "recommendation": [
            "night staff complete the curfew training within a month",
            "A deputy should shadow the manager",
            "the move-on worker kept in touch with each resident",
        ],
    },
}
