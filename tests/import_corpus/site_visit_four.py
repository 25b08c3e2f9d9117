"""A commissioners' site visit write-up (held out: written by a session that had not read the
rules' cues, measured before any rule was changed): the event as "Visit 4" with a numeric date
and a labelled venue, numbered headings in text, a two-column table of risks and mitigations
drawn without ruling lines, and points for the board as a bulleted list of imperatives."""

from . import bullets, heading, para, table, title

LAYOUT = {
    "text_headings": "numbered",
    "bullet": "- ",
    "table_lines": False,
    "running_header": "Treatment requirements: site visits",
}

PARTS = [
    title("Treatment Requirements Commissioning Visits"),
    title("Visit 4: Greyfield Drug and Alcohol Service"),
    title("Date: 14/03/2024"),
    title("Venue: Greyfield Recovery Hub, Station Road, Greyfield"),
    title("Organisation: West Vale Community Safety Partnership"),
    heading("Purpose of the visit"),
    para(
        "Three commissioners spent a morning at the service to see how drug rehabilitation "
        "requirements made by the courts are started and reviewed."
    ),
    heading("What we saw"),
    para(
        "Assessments for new requirements were booked within five working days of sentence in "
        "almost every case we looked at."
    ),
    para(
        "Review hearings were held in the service's own building, which people on requirements "
        "said made them easier to attend."
    ),
    para(
        "Testing results reached the probation practitioner by email, but often a week after "
        "the test was taken."
    ),
    heading("Risks and mitigations"),
    table(
        ["Risk", "Mitigation"],
        [
            "Two of the three prescribing nurses leave in the summer",
            "Recruitment has started; locum cover agreed",
        ],
        [
            "Late test results delay action on a missed requirement",
            "A shared inbox is being tested",
        ],
        [
            "People released from custody wait for a first script",
            "None yet",
        ],
    ),
    heading("Points for the commissioning board"),
    bullets(
        "Extend the service's contract by a year so that the nurses' posts can be advertised as "
        "permanent.",
        "Agree a single inbox for testing results between the service and probation.",
        "Ask the prison healthcare team to book a first appointment before each release.",
    ),
]

EXPECTED = {
    "events": [{"number": 4, "title": "Greyfield Drug and Alcohol Service"}],
    "frame": {
        "series": "Treatment Requirements Commissioning Visits",
        "event_word": "Visit",
        "number_style": "digits",
        "date": "2024-03-14",
        "date_precision": "day",
        "venue": "Greyfield Recovery Hub",
        "organisation": "West Vale Community Safety Partnership",
    },
    "programme": [],
    "records": {
        "finding": [
            "Assessments for new requirements were booked within five working days",
            "Review hearings were held in the service's own building",
            "Testing results reached the probation practitioner by email",
        ],
        "risk": [
            "Two of the three prescribing nurses leave in the summer",
            "Late test results delay action on a missed requirement",
            "People released from custody wait for a first script",
        ],
        "recommendation": [
            "Extend the service's contract by a year",
            "Agree a single inbox for testing results",
            "Ask the prison healthcare team to book a first appointment",
        ],
    },
}
