"""A learning report with topic headings whose recommendations are a numbered list at the end."""

from . import heading, numbered, para, title

LAYOUT = {"running_header": "Through the Gate Learning Exchange"}

PARTS = [
    title("Through the Gate Learning Exchange"),
    title("Learning Exchange 3: Keeping Contact After Release"),
    title("June 2014"),
    title("Written by Helen Ashdown, Northern Reintegration Partnership"),
    heading("Background"),
    para(
        "The third exchange brought together mentors, prison staff and commissioners to look "
        "at what happens in the first six weeks after release."
    ),
    heading("What We Heard"),
    para(
        "Mentors said the first night after release decides whether a person keeps their "
        "appointments. Meeting people at the gate was seen as the single most useful thing a "
        "mentor can do."
    ),
    para(
        "Prison staff explained that transfers between prisons often break the link with a "
        "mentor. When that happens the person may be released in a town where nobody knows "
        "them."
    ),
    para(
        "Commissioners accepted that payment for each completed referral has discouraged "
        "mentors from taking people with complex needs."
    ),
    heading("Recommendations"),
    numbered(
        "Every person leaving custody should be met at the gate by someone they have met before.",
        "Prisons should tell the mentoring provider about a transfer on the day it is agreed.",
        "Commissioners should pay for time spent with a person rather than for each referral.",
        "The exchange should meet again in a year to review progress.",
    ),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Keeping Contact After Release"}],
    "frame": {
        "series": "Through the Gate Learning Exchange",
        "event_word": "Learning Exchange",
        "number_style": "digits",
        "date": "2014-06-01",
        "date_precision": "month",
        "authors": ["Helen Ashdown"],
        "affiliations": ["Northern Reintegration Partnership"],
    },
    "programme": [],
    "records": {
        "finding": [
            "Mentors said the first night after release decides",
            "Prison staff explained that transfers between prisons often break the link",
            "Commissioners accepted that payment for each completed referral",
        ],
        "risk": [
            "the person may be released in a town where nobody knows them",
            "payment for each completed referral has discouraged mentors",
        ],
        "recommendation": [
            "Every person leaving custody should be met at the gate",
            "Prisons should tell the mentoring provider about a transfer",
            "Commissioners should pay for time spent with a person",
            "The exchange should meet again in a year",
        ],
    },
}
