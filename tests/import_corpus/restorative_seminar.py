"""A two-day restorative-justice seminar: a date range, the programme as time-led lines under day
headings with speakers and their roles, cautions and recommendations in running prose (held
out, round four)."""

from . import bullets, heading, para, title

LAYOUT = {
    "text_headings": "numbered",
    "running_header": "Northern Restorative Justice Seminar Series",
    "table_lines": False,
}

PARTS = [
    title("Northern Restorative Justice Seminar Series"),
    title("Seminar Five: Restorative justice after serious harm"),
    para("11–12 March 2024, Cloth Hall Court, Leeds"),
    para(
        "Report by Dr Miriam Osei (Airedale University) and Gareth Lowe (Restorative West "
        "Yorkshire)"
    ),
    heading("Programme"),
    heading("Monday 11 March", level=2),
    para("10.00 Registration and coffee"),
    para("10.30 Welcome – Carol Benn, Chair, Restorative West Yorkshire"),
    para(
        "10.45 Meeting the person who harmed you: a survivor's account – Janet Hale, survivor "
        "and volunteer facilitator"
    ),
    para(
        "11.45 Readiness and risk assessment in cases of serious violence – Dr Miriam Osei, "
        "Senior Lecturer in Criminology, Airedale University"
    ),
    para("14.00 Workshops: facilitator supervision; working with prisons"),
    heading("Tuesday 12 March", level=2),
    para(
        "09.30 Restorative practice in a secure children's home – Sunil Varma, Head of "
        "Practice, Brackenfield Secure Children's Home"
    ),
    para(
        "11.00 What a good restorative justice contract looks like – Gareth Lowe, "
        "Commissioning Lead, Restorative West Yorkshire"
    ),
    para("12.30 Close"),
    heading("Summary of discussion"),
    para(
        "The seminar brought together sixty facilitators, victim liaison officers, prison staff "
        "and commissioners. Its question was whether restorative justice should be offered "
        "after the most serious offences, including homicide and sexual violence, and on what "
        "terms."
    ),
    para(
        "Speakers agreed that the victim's readiness, not the offender's, must decide the "
        "timing of any meeting. Janet Hale's account of meeting the man who killed her brother, "
        "eleven years after the trial, made the point more plainly than any research could."
    ),
    para(
        "Delegates cautioned that facilitators without specialist training can re-traumatise a "
        "victim by moving too fast. A recurring worry was that prisons move people at short "
        "notice, so months of preparation can be lost in a day."
    ),
    para(
        "Commissioners noted that their contracts count conferences held, which rewards quick, "
        "simple cases and leaves the harder ones waiting."
    ),
    heading("Learning points"),
    bullets(
        "Preparation for a meeting after serious harm takes months, often more than a year.",
        "Indirect forms, such as letters and recorded messages, were valued by victims as much "
        "as face-to-face meetings.",
        "Facilitators need regular clinical supervision, which most services do not fund.",
    ),
    heading("Recommendations"),
    para(
        "We recommend that commissioners pay for restorative work after serious harm by the "
        "case and its preparation time rather than by the number of conferences held. "
        "Commissioners ought to require clinical supervision for every facilitator who takes "
        "such cases."
    ),
    para(
        "The prison service should flag restorative preparation on a prisoner's record so "
        "that a transfer does not end it without warning."
    ),
]

EXPECTED = {
    "events": [{"number": 5, "title": "Restorative justice after serious harm"}],
    "frame": {
        "series": "Northern Restorative Justice Seminar Series",
        "event_word": "Seminar",
        "number_style": "words",
        "date": "2024-03-11",
        "date_precision": "day",
        "venue": "Cloth Hall Court, Leeds",
        "authors": ["Dr Miriam Osei", "Gareth Lowe"],
        "affiliations": ["Airedale University", "Restorative West Yorkshire"],
    },
    "programme": [
        ("10.00", "Registration and coffee", []),
        ("10.30", "Welcome", ["Carol Benn"]),
        ("10.45", "Meeting the person who harmed you", ["Janet Hale"]),
        ("11.45", "Readiness and risk assessment in cases of serious violence", ["Dr Miriam Osei"]),
        ("14.00", "Workshops", []),
        ("09.30", "Restorative practice in a secure children's home", ["Sunil Varma"]),
        ("11.00", "What a good restorative justice contract looks like", ["Gareth Lowe"]),
        ("12.30", "Close", []),
    ],
    "records": {
        "finding": [
            "Preparation for a meeting after serious harm takes months",
            "Indirect forms, such as letters and recorded messages, were valued",
            "Facilitators need regular clinical supervision",
        ],
        "risk": [
            "Delegates cautioned that facilitators without specialist training can re-traumatise",
            "A recurring worry was that prisons move people at short notice",
            "which rewards quick, simple cases and leaves the harder ones waiting",
        ],
        "recommendation": [
            "We recommend that commissioners pay for restorative work after serious harm",
            "Commissioners ought to require clinical supervision",
            "The prison service should flag restorative preparation",
        ],
    },
}
