"""A partnership's learning review of a night shelter pilot (held out: written after the rules
and after their generic cues for risks and recommendations, measured once, untuned): a title
block with an organisation, plain headings, findings and risks in paragraphs, requests at the
end as a bulleted list."""

from . import bullets, heading, para, title

LAYOUT = {"bullet": "• ", "running_header": "Night shelter pilot: learning review"}

PARTS = [
    title("Harbourside Homelessness Partnership"),
    title("Learning Review 2: The Winter Night Shelter Pilot"),
    title("January 2018"),
    title("Organised by Harbourside Council Housing Options"),
    title("Authors: Sam Whitlock, Harbourside Council; Dr Ruth Evans, Coastal University"),
    heading("Introduction"),
    para(
        "This review looks back on the first winter of the night shelter run by churches, the "
        "council and the probation service for people sleeping rough in the town."
    ),
    heading("What we learned"),
    para(
        "Guests who arrived straight from prison were the group least likely to be found a "
        "tenancy by the end of the winter."
    ),
    para(
        "Having a probation officer call in one evening a week meant licence conditions were "
        "explained and kept."
    ),
    para(
        "Volunteers were willing but untrained in de-escalation, and two evenings ended with "
        "the police being called."
    ),
    heading("Looking forward"),
    para(
        "The shelter depends on the same twelve volunteers each night; losing even two of them "
        "would mean closing on some nights."
    ),
    para(
        "Releases on a Friday afternoon leave people with no way of reaching the shelter before "
        "it fills, so some will sleep out on their first night."
    ),
    para(
        "There is a danger that the council treats the shelter as its winter plan and stops "
        "funding the outreach team."
    ),
    heading("What we ask of partners"),
    bullets(
        "The council to keep the outreach team funded through the summer.",
        "The prison to tell the shelter coordinator of every release to no fixed address a week "
        "ahead.",
        "Churches to offer de-escalation training to every volunteer before the next winter.",
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "The Winter Night Shelter Pilot"}],
    "frame": {
        "series": "Harbourside Homelessness Partnership",
        "event_word": "Learning Review",
        "number_style": "digits",
        "date": "2018-01-01",
        "date_precision": "month",
        "organisation": "Harbourside Council Housing Options",
        "authors": ["Sam Whitlock", "Dr Ruth Evans"],
        "affiliations": ["Harbourside Council", "Coastal University"],
    },
    "programme": [],
    "records": {
        "finding": [
            "Guests who arrived straight from prison were the group least likely",
            "Having a probation officer call in one evening a week",
            "Volunteers were willing but untrained in de-escalation",
        ],
        "risk": [
            "losing even two of them would mean closing on some nights",
            "some will sleep out on their first night",
            "the council treats the shelter as its winter plan",
        ],
        "recommendation": [
            "The council to keep the outreach team funded",
            "The prison to tell the shelter coordinator of every release",
            "Churches to offer de-escalation training",
        ],
    },
}
