"""A newsletter's write-up of a meeting: a masthead and issue line, the meeting's number as an
ordinal word, a month for its date, pull quotes set apart, a byline "Words: …", and risks and
recommendations worded in the passive ("It was feared that …", "Lots should be kept …")
(held out, round six)."""

from . import heading, para, title

LAYOUT = {"text_headings": "plain", "word_headings": "bold", "running_header": "Justice Matters"}

PARTS = [
    title("Justice Matters"),
    title("The newsletter of the Thameside Commissioning Circle | Issue 14 | Spring 2024"),
    heading("Bigger lots, smaller charities? The Circle's ninth meeting"),
    para("Words: Femi Adeyemi, Circle coordinator"),
    para(
        "Thirty-one members came to St Olave's Wharf Centre, Rotherhithe, in March 2024 for "
        "the ninth meeting of the Thameside Commissioning Circle, hosted as ever by the "
        "Southbank Justice Foundation. The theme was the borough's plan to merge eleven "
        "rehabilitation contracts into three large lots."
    ),
    heading("In brief"),
    para(
        "Members heard that the eleven current contracts are held by nine providers, seven of "
        "them local charities with fewer than fifty staff. Experience elsewhere in London was "
        "that merged lots were won by national providers in four cases out of five."
    ),
    para(
        "\u201cWe are asked to commission for outcomes and then paid for outputs.\u201d "
        "\u2014 a voluntary sector member"
    ),
    heading("What members told us"),
    para(
        "It was feared that smaller charities could be squeezed out of the market altogether "
        "once contracts are let in larger lots. Subcontracting was not seen as a safe answer: "
        "members reported that subcontracted charities are often paid late and carry most of "
        "the risk of missed targets."
    ),
    para(
        "The views of people on probation have not been sought at any stage of the design, "
        "and the consultation closes before the service user council next meets."
    ),
    para(
        "\u201cIf we lose the small charities, we lose the people who know the estates.\u201d "
        "\u2014 a probation practitioner"
    ),
    para(
        "There was a clear consensus that continuity of the worker matters more to people on "
        "probation than which organisation employs them."
    ),
    heading("Looking ahead"),
    para(
        "It was agreed that a shared outcomes framework should be drawn up by the borough's "
        "commissioners with providers before the tender is issued. Lots should be kept small "
        "enough for a local charity to bid for on its own. Consideration should also be given "
        "to paying subcontractors within thirty days as a condition of the main contract."
    ),
    para(
        "The Circle will write to the borough with these points. Members are invited to send "
        "comments to the coordinator by the end of April."
    ),
    para("The tenth meeting will be in June; details in the next issue."),
]

EXPECTED = {
    "events": [{"number": 9, "title": "Bigger lots, smaller charities?"}],
    "frame": {
        "series": "Thameside Commissioning Circle",
        "organisation": "Southbank Justice Foundation",
        "event_word": "Meeting",
        "number_style": "words",
        "date": "2024-03-01",
        "date_precision": "month",
        "venue": "St Olave's Wharf Centre",
        "authors": "Femi Adeyemi",
    },
    "programme": [],
    "records": {
        "finding": [
            "the eleven current contracts are held by nine providers",
            "merged lots were won by national providers in four cases out of five",
            "continuity of the worker matters more to people on probation",
        ],
        "risk": [
            "smaller charities could be squeezed out of the market altogether",
            "subcontracted charities are often paid late and carry most of the risk",
            "The views of people on probation have not been sought at any stage of the design",
        ],
        "recommendation": [
            "a shared outcomes framework should be drawn up by the borough's commissioners",
            "Lots should be kept small enough for a local charity to bid for on its own",
            "Consideration should also be given to paying subcontractors within thirty days",
        ],
    },
    "not_records": ["Words: Femi Adeyemi, Circle coordinator"],
}
