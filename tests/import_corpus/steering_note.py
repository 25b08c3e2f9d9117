"""A steering group's note to its board (held out: written after the rules): bold hand-set
headings in Word, a numeric date, risks said in hedged prose, decisions asked of the board."""

from . import heading, para, title

LAYOUT = {"word_headings": "bold", "wrap": 88, "running_header": "Women's Centres Steering Group"}

PARTS = [
    title("Women's Centres Steering Group"),
    title("Meeting 11: Note to the Board"),
    title("Date: 04/02/2020"),
    title("Written by Grace Obi, Northfield Women's Centre"),
    heading("Summary"),
    para(
        "The steering group met to review the first year of the three women's centres and to "
        "agree what it should ask of the board."
    ),
    heading("What the first year showed"),
    para(
        "Referrals from the courts doubled once magistrates had visited a centre and met its staff."
    ),
    para(
        "Women who were seen on the day of their court appearance were more likely to come "
        "back for a second appointment than those given a date by letter."
    ),
    para(
        "The centre in Northfield has a waiting list of six weeks for counselling, and the "
        "steering group is uneasy about what happens to women in that time."
    ),
    heading("Looking ahead"),
    para(
        "The grant that pays for the centres' outreach workers ends in March next year. Should "
        "it not be renewed, the outreach service would stop and court referrals would be "
        "likely to fall back to their old level."
    ),
    para(
        "The danger is that magistrates lose confidence in the centres if women referred to "
        "them are turned away."
    ),
    para(
        "Members were also concerned that the centres are becoming a substitute for mental "
        "health services that have closed nearby."
    ),
    heading("Decisions for the board"),
    para(
        "The steering group asks the board to apply for a three-year renewal of the outreach "
        "grant before the summer."
    ),
    para(
        "It proposes that each centre keeps one appointment a day free for women coming "
        "straight from court."
    ),
    para(
        "The board is asked to raise the loss of local mental health services with the "
        "integrated care board."
    ),
]

EXPECTED = {
    "events": [{"number": 11, "title": "Note to the Board"}],
    "frame": {
        "series": "Women's Centres Steering Group",
        "event_word": "Meeting",
        "number_style": "digits",
        "date": "2020-02-04",
        "date_precision": "day",
        "authors": ["Grace Obi"],
        "affiliations": ["Northfield Women's Centre"],
    },
    "programme": [],
    "records": {
        "finding": [
            "Referrals from the courts doubled once magistrates had visited",
            "Women who were seen on the day of their court appearance",
        ],
        "risk": [
            "what happens to women in that time",
            "the outreach service would stop",
            "magistrates lose confidence in the centres",
            "the centres are becoming a substitute for mental health services",
        ],
        "recommendation": [
            "apply for a three-year renewal of the outreach grant",
            "each centre keeps one appointment a day free",
            "raise the loss of local mental health services",
        ],
    },
}
