"""A roundtable note of a series named after its house (held out: written by a session that had
not read the rules' cues, measured before any rule was changed): the series' name holds a
building word, the event is "Roundtable Three", date and venue on one "held on … at" line,
headings in Word's styles and underlined in text, risks as bullets under a heading of the
group's own and requests as "X to do Y" paragraphs."""

from . import bullets, heading, para, title

LAYOUT = {
    "text_headings": "underlined",
    "bullet": "* ",
    "running_header": "Hartley House Roundtables",
}

PARTS = [
    title("The Hartley House Roundtables on Youth Justice"),
    title("Roundtable Three: Children Remanded to Custody"),
    title("Held on 5 February 2025 at the Corn Exchange Rooms, Westbury"),
    title("Report by Dr Helen Marsh, Westbury University"),
    heading("The question"),
    para(
        "Most children remanded to custody in the region do not go on to receive a custodial "
        "sentence, and the roundtable met to ask why remand is still used so often."
    ),
    heading("What we heard"),
    para(
        "Youth offending teams said that bail support packages can be put together in a day when "
        "a foster placement is available."
    ),
    para(
        "Defence solicitors described remand hearings late on a Friday, when no placement could "
        "be found in time."
    ),
    heading("What keeps us awake"),
    bullets(
        "A child remanded for a few weeks can lose a school place that took months to find.",
        "Remand far from home makes family visits rare, and some children are held over a "
        "hundred miles away.",
    ),
    heading("Our asks"),
    para("The local authority to keep one emergency foster placement free for bail each weekend."),
    para("Youth offending teams to attend every Friday afternoon remand hearing in person."),
    para("The roundtable to meet again in a year to look at the figures."),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Children Remanded to Custody"}],
    "frame": {
        "series": "The Hartley House Roundtables on Youth Justice",
        "event_word": "Roundtable",
        "number_style": "words",
        "date": "2025-02-05",
        "date_precision": "day",
        "venue": "Corn Exchange Rooms",
        "authors": ["Dr Helen Marsh"],
        "affiliations": ["Westbury University"],
    },
    "programme": [],
    "records": {
        "finding": [
            "bail support packages can be put together in a day",
            "Defence solicitors described remand hearings late on a Friday",
        ],
        "risk": [
            "can lose a school place that took months to find",
            "Remand far from home makes family visits rare",
        ],
        "recommendation": [
            "The local authority to keep one emergency foster placement free",
            "Youth offending teams to attend every Friday afternoon remand hearing",
            "The roundtable to meet again in a year",
        ],
    },
}
