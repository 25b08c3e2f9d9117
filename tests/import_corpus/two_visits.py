"""A youth justice panel's notes of two visits (held out: written for issue 24's third round and
measured before any rule was changed; its writer had read the rules' documentation): a title
block whose second line is the notes' issue number ("Visit Notes, Issue 3"), then two events
under "Visit 1:" and "Visit 2:" headings, each with its own labelled date and place, bold
hand-set headings in Word, risks said as what could happen in prose and under a heading of the
panel's own, and requests as "X to do Y" bullets and one lone line."""

from . import bullets, heading, para, title

LAYOUT = {
    "word_headings": "bold",
    "bullet": "* ",
    "running_header": "Eastmoor youth justice panel: visit notes",
}

PARTS = [
    title("Eastmoor Youth Justice Commissioning Panel"),
    title("Visit Notes, Issue 3"),
    title("Written by Owen Marsh (Eastmoor Council) and Leah Quint (Youth Justice Service)"),
    heading("Visit 1: Harbour Lane Youth Centre"),
    para("Date of visit: 4 March 2025. Place: Harbour Lane Youth Centre, Eastmoor."),
    para(
        "The centre runs the reparation sessions ordered for children on referral orders, on "
        "weekday evenings and Saturday mornings."
    ),
    para(
        "Children told the panel that they liked doing reparation alongside other young people "
        "from the town rather than in an office."
    ),
    para(
        "The Saturday sessions are paid for by a lottery grant that ends in September, and the "
        "centre expects to close on Saturdays after that, so children in school or work during "
        "the week would have nowhere to complete their hours."
    ),
    heading("What the panel asks"),
    bullets(
        "The youth justice service to pay for the Saturday sessions from October.",
        "The centre to record how many hours each child completes every month.",
    ),
    heading("Visit 2: Eastmoor Remand Foster Scheme"),
    para("Date of visit: 18 March 2025. Place: Eastmoor Council Offices, Eastmoor."),
    para(
        "The scheme places children refused bail with trained foster carers instead of in a "
        "youth detention accommodation."
    ),
    para(
        "Only four carers are approved, all of them in the south of the county, and two of "
        "them plan to retire this year."
    ),
    heading("What worries the panel"),
    para(
        "With two carers gone, children from the north of the county are likely to be remanded "
        "to custody because no placement can be found in time."
    ),
    para(
        "Children placed an hour's drive from home may miss school for the whole of their remand."
    ),
    heading("What the panel asks"),
    para("The council to recruit at least three remand foster carers in the north of the county."),
]

EXPECTED = {
    "events": [
        {"number": 1, "title": "Harbour Lane Youth Centre"},
        {"number": 2, "title": "Eastmoor Remand Foster Scheme"},
    ],
    "frame": {
        "series": "Eastmoor Youth Justice Commissioning Panel",
        "event_word": "Visit",
        "number_style": "digits",
        "authors": ["Owen Marsh", "Leah Quint"],
        "affiliations": ["Eastmoor Council", "Youth Justice Service"],
    },
    "event_frames": [
        {"date": "2025-03-04", "venue": "Harbour Lane Youth Centre"},
        {"date": "2025-03-18", "venue": "Eastmoor Council Offices"},
    ],
    "programme": [],
    "records": {
        "finding": [
            "The centre runs the reparation sessions ordered for children on referral orders",
            "Children told the panel that they liked doing reparation",
            "The scheme places children refused bail with trained foster carers",
            "Only four carers are approved",
        ],
        "risk": [
            "the centre expects to close on Saturdays after that",
            "children from the north of the county are likely to be remanded to custody",
            "Children placed an hour's drive from home may miss school",
        ],
        "recommendation": [
            "The youth justice service to pay for the Saturday sessions",
            "The centre to record how many hours each child completes",
            "The council to recruit at least three remand foster carers",
        ],
    },
}
