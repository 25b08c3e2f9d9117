"""A forum day written up along its agenda: "Date: 3.2.2026", "Prepared by: … on behalf of …",
a programme of time ranges ("09:30–10:15") with each speaker on the line below, notes under
"Item 1", "Item 2" …, a harm stated as a plain fact, concerns in the passive, and an actions
table of action, owner and date (held out, round six)."""

from . import heading, para, table, title

LAYOUT = {"text_headings": "plain", "word_headings": "styles", "running_header": "SPCSF Day 2"}

PARTS = [
    title("South Pennine Community Sentences Forum"),
    title("Forum Day 2 — Unpaid work that works"),
    para("Date: 3.2.2026"),
    para("Venue: Brierley Mill Conference Centre, Hebden Ford"),
    para("Prepared by: Gareth Holroyd on behalf of the Pennine Justice Commissioning Alliance"),
    heading("Programme"),
    para("09:30–10:15 Welcome and the year so far"),
    para("Helen Marsh, Forum Chair"),
    para("10:15–11:00 Placements in the voluntary sector"),
    para("Aled Pryce, Brierley Community Farm"),
    para("11:15–12:30 Table discussions: weekends, rural placements, women"),
    para("13:15–14:00 The view from the bench"),
    para("Margaret Ibbotson, magistrate"),
    para("14:00–14:30 Actions and close"),
    heading("Item 1: Welcome and the year so far"),
    para(
        "The chair reported that 71% of the unpaid work hours ordered in the last year were "
        "completed, against 64% the year before. Most of the improvement came from group "
        "placements that start at 8am, which people in work can attend before a late shift."
    ),
    para(
        "A backlog of more than 40,000 hours has built up across the three districts because "
        "almost no placements run at weekends."
    ),
    heading("Item 2: Placements in the voluntary sector"),
    para(
        "The farm takes twelve people a week and has offered two of them paid work at the end "
        "of their order. The forum was told that the farm's lottery grant ends in September and "
        "has not been renewed."
    ),
    para(
        "Concerns were expressed that the loss of the farm would end the only rural placement "
        "in the area, leaving people without a car unable to complete their hours. It was "
        "pointed out that supervisors are being moved between sites at short notice, so that "
        "charities are sometimes left with a group and nobody to supervise it."
    ),
    heading("Item 3: Table discussions"),
    para(
        "There was general agreement that a placement which teaches a skill is completed far "
        "more often than one that does not. The table on women's placements found that women "
        "with young children can rarely attend group placements at all."
    ),
    para(
        "It was suggested that individual placements in charity shops be offered to women with "
        "childcare responsibilities, at times that fit the school day."
    ),
    heading("Item 4: The view from the bench"),
    para(
        "Magistrates do not know which placements exist, and some had stopped imposing unpaid "
        "work for that reason. The forum recommends that benches be given a one-page note of "
        "the placements available in their area, refreshed every quarter."
    ),
    heading("Actions"),
    table(
        ["Action", "Owner", "By"],
        ["Map weekend placements across the three districts", "Probation delivery unit", "April"],
        [
            "Write to the lottery fund in support of the farm's grant",
            "Forum chair",
            "March",
        ],
        ["Keep supervisors on one site for at least a month at a time", "Probation", "April"],
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "Unpaid work that works"}],
    "frame": {
        "series": "South Pennine Community Sentences Forum",
        "organisation": "Pennine Justice Commissioning Alliance",
        "event_word": "Forum Day",
        "number_style": "digits",
        "date": "2026-02-03",
        "date_precision": "day",
        "venue": "Brierley Mill Conference Centre",
        "authors": "Gareth Holroyd",
    },
    "programme": [
        ("09:30–10:15", "Welcome and the year so far", ["Helen Marsh"]),
        ("10:15–11:00", "Placements in the voluntary sector", ["Aled Pryce"]),
        ("11:15–12:30", "Table discussions", []),
        ("13:15–14:00", "The view from the bench", ["Margaret Ibbotson"]),
        ("14:00–14:30", "Actions and close", []),
    ],
    "records": {
        "finding": [
            "71% of the unpaid work hours ordered in the last year were completed",
            "The farm takes twelve people a week",
            "a placement which teaches a skill is completed far more often",
            "women with young children can rarely attend group placements",
        ],
        "risk": [
            "A backlog of more than 40,000 hours has built up",
            "the loss of the farm would end the only rural placement",
            "charities are sometimes left with a group and nobody to supervise it",
            "Magistrates do not know which placements exist",
        ],
        "recommendation": [
            "individual placements in charity shops be offered to women",
            "benches be given a one-page note of the placements available",
            "Map weekend placements across the three districts",
            "Write to the lottery fund in support of the farm's grant",
            "Keep supervisors on one site for at least a month at a time",
        ],
    },
    "not_records": ["Helen Marsh, Forum Chair"],
}
