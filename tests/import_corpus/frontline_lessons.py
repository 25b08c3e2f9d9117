"""A charity's event write-up, "Lessons from the Frontline", set like a two-column leaflet: a
season for a date ("Autumn 2025"), the speakers as "Chair: … ; Panel: …", sidebars headed "Key
takeaway:" and "In numbers", quotes from the floor, and asks of government in the charity's own
voice (held out, round seven)."""

from . import bullets, heading, para, table, title

LAYOUT = {
    "text_headings": "plain",
    "word_headings": "bold",
    "running_header": "Open Gate Trust | Lessons from the Frontline",
    "wrap": 74,
    "bullet": "– ",
}

PARTS = [
    title("LESSONS FROM THE FRONTLINE"),
    title("Event Four — Women leaving custody: the first four weeks"),
    title("An Open Gate Trust event write-up · Autumn 2025"),
    title("The Old Chapel, Tanner Street, Halsworth"),
    title(
        "Chair: Margaret Oyelaran (Open Gate Trust); Panel: Dee Harrow (Halsworth Women's "
        "Centre), Sam Whitlock (probation practitioner), Kezia Moran (peer mentor)"
    ),
    title("Written up by Ruth Adeyemi"),
    heading("Why we held this event"),
    para(
        "Every year around 250 women come home to the Halsworth area from prison. Most have "
        "served sentences of under six months, and most are mothers. We brought together 46 "
        "people who work with them — support workers, probation staff, housing officers and "
        "women who have been through it themselves — to hear what the first four weeks are "
        "really like."
    ),
    heading("On the day"),
    table(
        ["10:30", "Welcome and why we are here — Margaret Oyelaran"],
        ["10:45", "Panel: the first four weeks — Dee Harrow, Sam Whitlock and Kezia Moran"],
        ["12:00", "Table conversations"],
        ["13:15", "What happens next — Margaret Oyelaran"],
    ),
    heading("What the panel said"),
    para(
        "Kezia opened by describing her own release: a travel warrant, forty-six pounds and an "
        "appointment at a probation office two bus rides away. The panel agreed that the first "
        "72 hours decide whether a woman stays in touch with services at all."
    ),
    para(
        "Dee told us that women who are met at the gate by someone they already know are far "
        "more likely to keep their first appointments. Sam added that practitioners now hold "
        "caseloads of over sixty, which leaves little time for the home visits that women value "
        "most."
    ),
    para("Key takeaway: being met at the gate matters more than any leaflet."),
    heading("In numbers"),
    bullets(
        "46 people in the room, 11 of them with lived experience",
        "3 in 5 women released locally had no settled address",
        "1 women's centre for the whole county",
    ),
    heading("Table conversations"),
    para(
        "At the tables, the conversation kept returning to children. Many women lose their "
        "tenancy while inside because housing benefit stops after thirteen weeks, and without a "
        "home they cannot have their children back. Several tables said that social workers and "
        "probation officers rarely speak to each other before a mother is released."
    ),
    para(
        "People also talked about money. Universal Credit takes five weeks to arrive, and "
        "advance payments are then taken back from a very small income."
    ),
    para(
        "Key takeaway: joint planning between children's services and probation has to start "
        "before release, not after."
    ),
    heading("What worries us"),
    para(
        "If the women's centre loses its grant next spring, women on licence in the north of "
        "the county will have nowhere to go that is meant for them. We are also worried that "
        "the move to remote reporting will leave women with no face-to-face contact for weeks at "
        "a time. And we fear that more women will be recalled for missed appointments that "
        "were never possible to reach."
    ),
    heading("Voices from the floor"),
    para(
        "\u201cHow am I meant to get to a nine o'clock appointment when I have two children to "
        "get to school?\u201d"
    ),
    para("\u201cWhy does nobody tell the school that a mum is coming home?\u201d"),
    heading("What we are asking for"),
    para(
        "We are calling on the Ministry of Justice to fund women's centres on three-year "
        "grants rather than year by year. We ask the Department for Work and Pensions to let "
        "Universal Credit claims be made before release so that money is there on the first "
        "day. Locally, we want probation and children's services to hold a joint planning "
        "meeting for every mother at least a month before she is released."
    ),
    para(
        "Key takeaway: women's centres need funding that lasts longer than a single year to do "
        "this work well."
    ),
    heading("Thank you"),
    para(
        "Thank you to everyone who came, and to the Halsworth Community Foundation, whose grant "
        "paid for the day. The next Lessons from the Frontline event will be in the spring."
    ),
]

EXPECTED = {
    "events": [{"number": 4, "title": "Women leaving custody: the first four weeks"}],
    "frame": {
        "series": "Lessons from the Frontline",
        "organisation": "Open Gate Trust",
        "event_word": "Event",
        "number_style": "words",
        "venue": "The Old Chapel, Tanner Street, Halsworth",
        "authors": "Ruth Adeyemi",
    },
    "programme": [
        ["10:30", "Welcome and why we are here", ["Margaret Oyelaran"]],
        ["10:45", "the first four weeks", ["Dee Harrow", "Sam Whitlock", "Kezia Moran"]],
        ["12:00", "Table conversations", []],
        ["13:15", "What happens next", ["Margaret Oyelaran"]],
    ],
    "records": {
        "finding": [
            "the first 72 hours decide whether a woman stays in touch with services at all",
            "women who are met at the gate by someone they already know are far more likely",
            "practitioners now hold caseloads of over sixty",
            "being met at the gate matters more than any leaflet",
            "Many women lose their tenancy while inside because housing benefit stops",
            "social workers and probation officers rarely speak to each other",
            "Universal Credit takes five weeks to arrive",
            "3 in 5 women released locally had no settled address",
            "joint planning between children's services and probation has to start before",
            "women's centres need funding that lasts longer than a single year",
        ],
        "risk": [
            "If the women's centre loses its grant next spring",
            "the move to remote reporting will leave women with no face-to-face contact",
            "more women will be recalled for missed appointments",
        ],
        "recommendation": [
            "We are calling on the Ministry of Justice to fund women's centres on three-year",
            "We ask the Department for Work and Pensions to let Universal Credit claims be made",
            "we want probation and children's services to hold a joint planning meeting",
        ],
        "question": [
            "How am I meant to get to a nine o'clock appointment",
            "Why does nobody tell the school that a mum is coming home",
        ],
    },
    "not_records": [
        "Thank you to everyone who came",
        "46 people in the room, 11 of them with lived experience",
    ],
}
