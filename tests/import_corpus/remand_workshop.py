"""A youth-justice workshop write-up: underlined text headings, a two-column "Risk / Mitigation"
table, learning points as bullets and next steps as a numbered list (held out, round four)."""

from . import bullets, heading, numbered, para, table, title

LAYOUT = {
    "text_headings": "underlined",
    "running_header": "Southvale Youth Justice Partnership – Workshop 3",
    "bullet": "- ",
}

PARTS = [
    title("Southvale Youth Justice Partnership"),
    title("Workshop 3: Keeping children out of custody on remand"),
    para(
        "Write-up of the workshop held on Tuesday 14 May 2019 at The Old Fire Station, Southvale."
    ),
    para(
        "Prepared by Ruth Adebayo (Southvale Youth Offending Team) and Tom Kershaw (Southvale "
        "Council)."
    ),
    heading("Purpose of the workshop"),
    para(
        "Twenty-two people from the youth offending team, children's social care, the police, "
        "the bench and two local charities met to look at why so many Southvale children are "
        "remanded to youth detention accommodation and then given a community sentence or "
        "acquitted. The workshop was the third of four this year."
    ),
    heading("What we heard"),
    para(
        "The youth offending team presented its remand figures for the last two years. Of the "
        "children remanded in custody, fewer than one in three went on to receive a custodial "
        "sentence."
    ),
    para(
        "Several participants worried that the new police custody suite, which opens in "
        "September, is forty minutes' drive from the youth court, so children held overnight "
        "will reach court late in the day."
    ),
    para(
        "The bench representative explained that magistrates can only consider the bail "
        "packages that are put in front of them, and that a written package arriving after "
        "lunch is often too late."
    ),
    heading("What participants took away"),
    bullets(
        "Remand decisions are often made late on a Friday, when bail support staff are not on "
        "duty.",
        "Magistrates said they would use bail support more often if they knew what was on offer "
        "locally.",
        "Children placed in Southvale children's homes by other authorities are remanded at "
        "about twice the rate of local children.",
        "There was broad agreement that the weekend bail support offer is too thin to be relied "
        "on.",
    ),
    heading("Risks and how they might be managed"),
    table(
        ["Risk", "Mitigation"],
        [
            "Remand beds in the secure estate are far from home, so family contact breaks down "
            "within weeks.",
            "Fund travel for families visiting children held more than fifty miles away.",
        ],
        [
            "If the bail support contract lapses in March, there will be no weekend cover at all.",
            "Extend the current contract by six months while the new service is procured.",
        ],
        [
            "Children placed here by other authorities fall between two youth offending teams "
            "and nobody offers a bail package.",
            "Agree a protocol with placing authorities on who prepares bail packages.",
        ],
    ),
    heading("Next steps"),
    numbered(
        "The partnership will ask the bench chair for a Friday afternoon list for remand cases.",
        "Youth offending team managers should publish a one-page guide to local bail support "
        "for magistrates and legal advisers.",
    ),
    para("The fourth workshop, on resettlement after custody, will be held in July."),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Keeping children out of custody on remand"}],
    "frame": {
        "series": "Southvale Youth Justice Partnership",
        "event_word": "Workshop",
        "number_style": "digits",
        "date": "2019-05-14",
        "date_precision": "day",
        "venue": "The Old Fire Station, Southvale",
        "authors": ["Ruth Adebayo", "Tom Kershaw"],
        "affiliations": ["Southvale Youth Offending Team", "Southvale Council"],
    },
    "programme": [],
    "records": {
        "finding": [
            "Remand decisions are often made late on a Friday",
            "Magistrates said they would use bail support more often",
            "Children placed in Southvale children's homes by other authorities are remanded",
            "There was broad agreement that the weekend bail support offer is too thin",
        ],
        "risk": [
            "Several participants worried that the new police custody suite",
            "Remand beds in the secure estate are far from home",
            "If the bail support contract lapses in March",
            "Children placed here by other authorities fall between two youth offending teams",
        ],
        "recommendation": [
            "Fund travel for families visiting children held more than fifty miles away",
            "Extend the current contract by six months",
            "Agree a protocol with placing authorities",
            "The partnership will ask the bench chair for a Friday afternoon list",
            "Youth offending team managers should publish a one-page guide",
        ],
    },
}
