"""A seminar series' report, numbered in words, with a title block, authors with affiliations and
a programme table of times and speakers; no "Session N" heading anywhere."""

from . import heading, para, table, title

LAYOUT = {"text_headings": "underlined", "running_header": "Justice Futures Seminar Series"}

PARTS = [
    title("Justice Futures Seminar Series"),
    title("Seminar Four: Markets, Mutuals and the Probation Service"),
    title("Seminar report"),
    title("Thursday 24th November 2011"),
    title("Harcourt Building, University of Eastmoor"),
    title("Organised by the Eastmoor Centre for Criminal Justice Studies"),
    title(
        "Authors: Dr Nadia Pereira (University of Eastmoor) and Professor Tom Hallam "
        "(Northgate Institute of Public Policy)"
    ),
    heading("Programme"),
    table(
        ["Time", "Session", "Speaker"],
        [
            "10.00",
            "Welcome and introduction",
            "Professor Tom Hallam, Director, Northgate Institute of Public Policy",
        ],
        [
            "10.15",
            "Mutuals in probation: early lessons",
            "Dr Lena Okafor, Senior Lecturer, University of Eastmoor",
        ],
        [
            "11.00",
            "Commissioning for outcomes",
            "Mark Ellery, Head of Commissioning, Midshire Council",
        ],
        [
            "11.45",
            "Panel: who carries the risk?",
            "Ruth Dane, Chief Executive, Second Chance Trust; "
            "Ian Marsh, Director, Keystone Services",
        ],
        ["12.45", "Closing remarks", "Dr Nadia Pereira, University of Eastmoor"],
    ),
    heading("Introduction"),
    para(
        "The fourth seminar in the series asked whether staff-owned mutuals can take on "
        "probation work that the state has delivered directly for a century. Forty people from "
        "government, charities, companies and universities took part."
    ),
    heading("Mutual ownership"),
    para(
        "Speakers agreed that a mutual gives staff a stake in the service they deliver. "
        "Several participants described lower sickness absence once staff owned the "
        "organisation."
    ),
    para(
        "There was broad agreement that a new mutual needs three years of stable contracts "
        "before it can borrow. Without that, a mutual could collapse in its first year and take "
        "experienced officers with it."
    ),
    para(
        "Some participants doubted that mutual status by itself changes practice on the ground. "
        "They pointed to mutuals in health whose staff saw little difference."
    ),
    heading("Commissioning for outcomes"),
    para(
        "The council's experience was that outcome measures written too tightly squeeze out "
        "the work with families that prevents reoffending. Contracts that reward short-term "
        "compliance may encourage providers to avoid the hardest cases."
    ),
    para(
        "Participants recommended that commissioners should publish the data behind each "
        "outcome payment so that smaller bidders can price their work."
    ),
    heading("Concluding discussion"),
    para(
        "The seminar closed on the question of scale. Commissioners should test mutuals on "
        "one district before letting a county-wide contract."
    ),
]

EXPECTED = {
    "events": [{"number": 4, "title": "Markets, Mutuals and the Probation Service"}],
    "frame": {
        "series": "Justice Futures Seminar Series",
        "event_word": "Seminar",
        "number_style": "words",
        "date": "2011-11-24",
        "date_precision": "day",
        "venue": "Harcourt Building, University of Eastmoor",
        "organisation": "Eastmoor Centre for Criminal Justice Studies",
        "authors": ["Dr Nadia Pereira", "Professor Tom Hallam"],
        "affiliations": ["University of Eastmoor", "Northgate Institute of Public Policy"],
    },
    "programme": [
        ("10.00", "Welcome and introduction", ["Professor Tom Hallam"]),
        ("10.15", "Mutuals in probation: early lessons", ["Dr Lena Okafor"]),
        ("11.00", "Commissioning for outcomes", ["Mark Ellery"]),
        ("11.45", "Panel: who carries the risk?", ["Ruth Dane", "Ian Marsh"]),
        ("12.45", "Closing remarks", ["Dr Nadia Pereira"]),
    ],
    "records": {
        "finding": [
            "Speakers agreed that a mutual gives staff a stake in the service they deliver.",
            "There was broad agreement that a new mutual needs three years of stable contracts",
            "Some participants doubted that mutual status by itself changes practice",
            "The council's experience was that outcome measures written too tightly",
            "Participants recommended that commissioners should publish the data",
        ],
        "risk": [
            "a mutual could collapse in its first year",
            "Contracts that reward short-term compliance may encourage providers to avoid",
        ],
        "recommendation": [
            "commissioners should publish the data behind each outcome payment",
            "Commissioners should test mutuals on one district",
        ],
    },
}
