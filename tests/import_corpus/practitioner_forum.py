"""A practitioners' forum of 25 records (held out: written after the rules, to measure them on
text they were not tuned on): underlined headings in text, the discussion as paragraphs under
topic headings, risks and recommendations in prose and in lists of their own."""

from . import bullets, heading, numbered, para, title

LAYOUT = {"text_headings": "underlined", "running_header": "Youth Diversion Practitioners"}

PARTS = [
    title("Youth Diversion Practitioners' Forum"),
    title("Forum 6: Diversion Before Charge"),
    title("Venue: Corn Exchange, Kingsbridge"),
    title("Date: 19 March 2019"),
    title(
        "Report by Priya Lal (Southmoor Youth Offending Service) and Owen Tate (Kingsbridge Police)"
    ),
    heading("Overview"),
    para(
        "The sixth forum asked what helps a child who is diverted before charge to stay out of "
        "the youth justice system, and what gets in the way."
    ),
    heading("Assessment"),
    para(
        "Practitioners found that a short assessment done within two days of arrest gave a "
        "better picture than a full assessment done weeks later."
    ),
    para(
        "Several services now ask the child's school for its view before the decision is "
        "made, and said the decisions were better for it."
    ),
    para(
        "If assessments slip back to the old four-week timetable, children will have moved on "
        "or reoffended before anyone speaks to them."
    ),
    heading("Families"),
    para("Parents who were offered a conversation rather than a letter took part far more often."),
    para(
        "A worker who speaks the family's first language made the largest single difference "
        "to whether a family engaged."
    ),
    para(
        "There is a real chance that families who have had bad experiences of the police will "
        "refuse the offer altogether."
    ),
    heading("Data and funding"),
    para(
        "Only three of the eight services could say how many diverted children were arrested "
        "again within a year."
    ),
    para("Funding for diversion workers comes from short grants renewed each spring."),
    para(
        "The worry is that a service which cannot show its results will be the first to lose "
        "its grant."
    ),
    para(
        "Without a shared way of counting, the forum expects that each service will go on "
        "measuring something different, and comparisons will mislead."
    ),
    heading("What went well"),
    bullets(
        "Police and youth workers sitting in the same office cut the time to a decision by half.",
        "Children said they valued being told plainly what would happen next.",
        "Volunteers from the local football club kept several boys engaged after the programme.",
        "A single referral form used by every service saved duplicated work.",
    ),
    heading("Risks"),
    bullets(
        "Diversion offered without any check on the child's needs may hide safeguarding concerns.",
        "Some children could come to see diversion as a free pass.",
        "Staff turnover leaves relationships with schools to start again every few months.",
        "Victims who are not told about the outcome might lose confidence in the police.",
    ),
    heading("Recommendations"),
    numbered(
        "Every service should complete its first assessment within two working days of arrest.",
        "Services ought to offer parents a conversation before writing to them.",
        "The forum proposes that interpreters be booked for the first meeting as a matter of "
        "course.",
        "Commissioners should fund diversion workers for three years at a time.",
        "The eight services should agree one measure of reoffending and publish it each year.",
        "We recommend that victims are told of the outcome within a week.",
        "Schools should be invited to every review of a diverted child.",
        "The next forum should hear from children who have been through diversion.",
    ),
]

EXPECTED = {
    "events": [{"number": 6, "title": "Diversion Before Charge"}],
    "frame": {
        "series": "Youth Diversion Practitioners' Forum",
        "event_word": "Forum",
        "number_style": "digits",
        "date": "2019-03-19",
        "date_precision": "day",
        "venue": "Corn Exchange, Kingsbridge",
        "authors": ["Priya Lal", "Owen Tate"],
        "affiliations": ["Southmoor Youth Offending Service", "Kingsbridge Police"],
    },
    "programme": [],
    "records": {
        "finding": [
            "a short assessment done within two days of arrest gave a better picture",
            "Several services now ask the child's school for its view",
            "Parents who were offered a conversation rather than a letter",
            "A worker who speaks the family's first language",
            "Only three of the eight services could say",
            "Funding for diversion workers comes from short grants",
            "Police and youth workers sitting in the same office",
            "Children said they valued being told plainly",
            "Volunteers from the local football club",
            "A single referral form used by every service",
        ],
        "risk": [
            "If assessments slip back to the old four-week timetable",
            "families who have had bad experiences of the police will refuse",
            "a service which cannot show its results will be the first to lose its grant",
            "each service will go on measuring something different",
            "may hide safeguarding concerns",
            "Some children could come to see diversion as a free pass.",
            "Staff turnover leaves relationships with schools to start again",
            "Victims who are not told about the outcome might lose confidence",
        ],
        "recommendation": [
            "Every service should complete its first assessment within two working days",
            "Services ought to offer parents a conversation before writing to them.",
            "interpreters be booked for the first meeting",
            "Commissioners should fund diversion workers for three years",
            "The eight services should agree one measure of reoffending",
            "victims are told of the outcome within a week",
            "Schools should be invited to every review",
            "The next forum should hear from children",
        ],
    },
}
