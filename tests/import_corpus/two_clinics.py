"""Two "clinics" of one series written up together, each under its own heading that carries
its date and place ("Clinic 5 – Monday 2 March 2026, The Exchange, Lowmoor"; the second's date
as 30.3.2026), with "Points raised", "Worries" and "Suggestions" under each; suggestions as
noun phrases and "could" sentences; underlined headings in text (held out, round five)."""

from . import bullets, heading, para, title

LAYOUT = {"text_headings": "underlined", "bullet": "- ", "running_header": "Commissioning Clinics"}

PARTS = [
    title("Lowmoor Probation Commissioning Clinics"),
    title("Write-up of Clinics 5 and 6, spring 2026"),
    para(
        "Lowmoor Regional Reducing Reoffending Unit. Facilitated and written up by Ayesha "
        "Karim and Dominic Shaw."
    ),
    para(
        "The clinics are informal, ninety-minute sessions where providers and commissioners "
        "bring one problem each. We have written the two spring clinics up together because "
        "the same people came to both."
    ),
    heading("Clinic 5 – Monday 2 March 2026, The Exchange, Lowmoor"),
    para("Topic: drug and alcohol treatment for people on licence."),
    heading("Points raised", level=2),
    bullets(
        "Only 38% of people released with a treatment need were seen by a community service "
        "within three weeks.",
        "Continuity works best where the prison and community teams share a worker.",
    ),
    heading("Worries", level=2),
    bullets(
        "Naloxone is not always handed out on release, and the first fortnight out is when "
        "overdose deaths peak.",
        "If the new treatment contract is let on price, the outreach that finds people who "
        "drop out will be the first thing cut.",
    ),
    heading("Suggestions", level=2),
    bullets(
        "A shared worker for each prison, funded jointly by health and justice.",
        "The commissioners could write continuity of care into the specification as a measured "
        "outcome.",
    ),
    heading("Clinic 6 – 30.3.2026, St Barnabas Hall, Fenwick"),
    para("Topic: work after custody."),
    heading("Points raised", level=2),
    bullets(
        "Employers at the clinic said they would take on people with convictions but did not "
        "know whom to call.",
    ),
    heading("Worries", level=2),
    bullets(
        "People on licence lose job offers because their licence appointments clash with "
        "shift patterns.",
    ),
    heading("Suggestions", level=2),
    bullets(
        "Probation to offer appointments outside working hours to anyone in work or training.",
        "A single named contact at the unit for employers, publicised through the chamber of "
        "commerce.",
    ),
]

EXPECTED = {
    "events": [
        {"number": 5, "title": "drug and alcohol treatment for people on licence"},
        {"number": 6, "title": "work after custody"},
    ],
    "frame": {
        "series": "Lowmoor Probation Commissioning Clinics",
        "organisation": "Lowmoor Regional Reducing Reoffending Unit",
        "event_word": "Clinic",
        "number_style": "digits",
        "authors": ["Ayesha Karim", "Dominic Shaw"],
    },
    "event_frames": [
        {"date": "2026-03-02", "venue": "The Exchange, Lowmoor"},
        {"date": "2026-03-30", "venue": "St Barnabas Hall, Fenwick"},
    ],
    "programme": [],
    "records": {
        "finding": [
            "Only 38% of people released with a treatment need were seen",
            "Continuity works best where the prison and community teams share a worker",
            "Employers at the clinic said they would take on people with convictions",
        ],
        "risk": [
            "Naloxone is not always handed out on release",
            "the outreach that finds people who drop out will be the first thing cut",
            "People on licence lose job offers",
        ],
        "recommendation": [
            "A shared worker for each prison, funded jointly by health and justice",
            "The commissioners could write continuity of care into the specification",
            "Probation to offer appointments outside working hours",
            "A single named contact at the unit for employers",
        ],
    },
    "not_records": [],
}
