"""A short policy note after a youth-justice "Learning Lab": Word headings, a date as
"Wed 14 Jan 2026", a programme table whose times are ranges ("13:30 – 13:45") and whose
speakers sit on the line below the title in the same cell, and "Challenges", "Opportunities"
and "Next steps" in place of risks, learning points and recommendations (held out, round five)."""

from . import bullets, heading, numbered, para, table, title

LAYOUT = {"text_headings": "plain", "running_header": "Policy note"}

PARTS = [
    title("Eastbridge Youth Justice Learning Labs"),
    title("Lab 2: Keeping children out of the system – policy note"),
    para("Wed 14 Jan 2026 · Marlow Road Community Hub, Eastbridge"),
    para("Author: Tom Reyes, Policy Lead, Eastbridge Youth Justice Service"),
    heading("Summary"),
    para(
        "The second Learning Lab brought together 35 people from schools, the youth justice "
        "service, children's social care, the police and local charities, with four young "
        "people from Step Up Eastbridge's youth panel, to ask what keeps children out of the "
        "justice system."
    ),
    heading("Programme"),
    table(
        ["13:30 – 13:45", "Welcome\nCllr Dana Whitlock, Chair, Eastbridge Youth Justice Board"],
        [
            "13:45 – 14:30",
            "Child first in practice: lessons from the Marlow Road project\n"
            "Priya Natt, Service Manager, Eastbridge Youth Justice Service",
        ],
        ["14:30 – 15:15", "Table discussions"],
        [
            "15:30 – 16:00",
            "Panel: what would make the difference?\n"
            "Kwame Boateng, Youth Voice Coordinator, Step Up Eastbridge; "
            "Laura Finch, Head of Inclusion, Eastbridge Schools Partnership",
        ],
    ),
    heading("Challenges"),
    bullets(
        "Exclusions. Children excluded from school are far more likely to come to the attention "
        "of the youth justice service, and exclusions in Eastbridge rose again last year.",
        "Remand. Children remanded to youth detention accommodation are often placed more than "
        "fifty miles from home, which cuts them off from their families and their solicitors.",
        "Turnover. The service has lost a third of its case managers in eighteen months; the "
        "young people told the lab that they have to tell their story again to each new worker.",
    ),
    heading("Opportunities"),
    bullets(
        "The Marlow Road project showed that one trusted adult, available out of hours, cut "
        "missed appointments by 40%.",
        "Schools said they are willing to share attendance data each week where a protocol is "
        "in place.",
        "The young people's panel wants to help interview new case managers.",
    ),
    heading("Next steps"),
    numbered(
        "The Youth Justice Board will ask the council to fund out-of-hours trusted adults "
        "across the borough from April.",
        "The service and the Schools Partnership to agree an information-sharing protocol by "
        "the end of March.",
        "Commissioners should look at a local remand foster placement so that fewer children "
        "are sent out of area.",
        "Invite the youth panel onto interview panels for case managers from the next round of "
        "recruitment.",
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "Keeping children out of the system"}],
    "frame": {
        "series": "Eastbridge Youth Justice Learning Labs",
        "event_word": "Lab",
        "number_style": "digits",
        "date": "2026-01-14",
        "date_precision": "day",
        "venue": "Marlow Road Community Hub, Eastbridge",
        "authors": "Tom Reyes",
    },
    "programme": [
        ("13:30 – 13:45", "Welcome", ["Cllr Dana Whitlock"]),
        ("13:45 – 14:30", "Child first in practice", ["Priya Natt"]),
        ("14:30 – 15:15", "Table discussions", []),
        (
            "15:30 – 16:00",
            "Panel: what would make the difference?",
            ["Kwame Boateng", "Laura Finch"],
        ),
    ],
    "records": {
        "finding": [
            "one trusted adult, available out of hours, cut missed appointments by 40%",
            "Schools said they are willing to share attendance data each week",
            "The young people's panel wants to help interview new case managers",
        ],
        "risk": [
            "Children excluded from school are far more likely to come to the attention",
            "which cuts them off from their families and their solicitors",
            "they have to tell their story again to each new worker",
        ],
        "recommendation": [
            "The Youth Justice Board will ask the council to fund out-of-hours trusted adults",
            "The service and the Schools Partnership to agree an information-sharing protocol",
            "Commissioners should look at a local remand foster placement",
            "Invite the youth panel onto interview panels for case managers",
        ],
    },
    "not_records": [],
}
