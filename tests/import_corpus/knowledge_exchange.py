"""A university's knowledge exchange seminar numbered in Roman numerals ("Seminar III"), its
authors marked with footnote numbers and their affiliations below, a programme of parallel
sessions in two columns ("Session A" and "Session B"), key points per session, implications for
commissioners and questions for further research (held out, round seven)."""

from . import bullets, heading, numbered, para, table, title

LAYOUT = {
    "text_headings": "plain",
    "word_headings": "styles",
    "running_header": "Knowledge Exchange Seminar III — summary report",
    "table_lines": False,
}

PARTS = [
    title("Centre for Criminal Justice Research, University of Eastbridge"),
    title("Knowledge Exchange Seminar III"),
    title("Evidence and the commissioning of desistance services"),
    title("Senate Room, Hollis Building, University of Eastbridge — 11th March 2026"),
    title("Helen Marsh\u00b9, Tomasz Nowicki\u00b2 and Adaeze Okafor\u00b9"),
    title(
        "\u00b9 School of Law, University of Eastbridge. "
        "\u00b2 Department of Social Policy, Kingsmoor University."
    ),
    heading("About the series"),
    para(
        "The Knowledge Exchange Seminars bring researchers, commissioners and providers "
        "together twice a year. The third seminar asked what evidence commissioners of "
        "desistance services actually use, and what they would use if it existed. Sixty-two "
        "people attended, of whom twenty-four were commissioners."
    ),
    heading("Programme"),
    table(
        ["Time", "Session A (Senate Room)", "Session B (Room 2.14)"],
        ["09:30", "Welcome — Professor Lena Hart", ""],
        [
            "10:00",
            "A1 Measuring desistance — Helen Marsh",
            "B1 Commissioning with lived experience — Adaeze Okafor",
        ],
        [
            "11:15",
            "A2 What counts as an outcome? — Tomasz Nowicki",
            "B2 Small providers and the evidence burden — Grace Mbeki",
        ],
        ["12:30", "Lunch", ""],
        [
            "13:30",
            "Plenary: what commissioners need from research — Lena Hart and Martin Osei",
            "",
        ],
    ),
    heading("Session A: outcomes and measurement"),
    para(
        "Helen Marsh argued that reconviction within a year is a blunt measure of desistance, "
        "because desistance is a process with setbacks rather than a single event. Studies "
        "that follow people for three years find that most who reoffend in the first year do "
        "so less often and less seriously over time."
    ),
    para(
        "Tomasz Nowicki showed that only four of the nineteen contracts reviewed measured "
        "anything other than reconviction and attendance. Commissioners in the room were "
        "broadly agreed that intermediate outcomes, such as stable housing and employment, "
        "would tell them more about whether a service works."
    ),
    bullets(
        "Key point: one-year reconviction rates hide progress that matters to the people "
        "concerned.",
        "Key point: intermediate outcomes are cheap to collect if they are built into case "
        "records from the start.",
    ),
    heading("Session B: lived experience and small providers"),
    para(
        "Adaeze Okafor described a commissioning panel in which people with convictions scored "
        "bids alongside officers. Bidders reported that the panel asked harder questions about "
        "how services would feel to use. Grace Mbeki said that small providers spend up to a "
        "fifth of a grant on monitoring and evaluation that nobody reads."
    ),
    para(
        "Several participants warned that demanding randomised trials from small providers "
        "risks driving them out of the market altogether. There was also concern that "
        "evaluations commissioned by providers themselves will be treated as less credible, "
        "however well designed."
    ),
    heading("Plenary"),
    para(
        "In the plenary, commissioners said they most often rely on local knowledge and "
        "provider reports, and rarely on published evaluations. Martin Osei pointed out that "
        "research timescales of three years or more are longer than most contracts. The "
        "plenary agreed that shared outcome measures across the region would make services "
        "comparable for the first time."
    ),
    para(
        "A risk for the Police and Crime Commissioner is that short contracts leave no time to "
        "show any effect at all."
    ),
    heading("Implications for commissioners"),
    numbered(
        "Commissioners should include at least two intermediate outcomes in every new "
        "desistance contract.",
        "The region's commissioners should agree a common outcomes framework before the next "
        "round of procurement.",
        "Funders should pay for independent evaluation separately rather than from the "
        "provider's grant.",
        "Commissioning panels should include people with lived experience as scorers, with "
        "training and payment for their time.",
    ),
    heading("Questions for further research"),
    bullets(
        "How can desistance be measured over the length of a typical three-year contract?",
        "What would a proportionate standard of evidence for small providers look like?",
    ),
    para("Knowledge Exchange Seminar IV, on restorative justice, is planned for October 2026."),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Evidence and the commissioning of desistance services"}],
    "frame": {
        "series": "Knowledge Exchange Seminar",
        "organisation": "Centre for Criminal Justice Research, University of Eastbridge",
        "event_word": "Seminar",
        "number_style": "roman",
        "date": "2026-03-11",
        "date_precision": "day",
        "venue": "Senate Room, Hollis Building",
        "authors": ["Helen Marsh", "Tomasz Nowicki", "Adaeze Okafor"],
        "affiliations": [
            "School of Law, University of Eastbridge",
            "Department of Social Policy, Kingsmoor University",
        ],
    },
    "programme": [
        ["09:30", "Welcome", ["Professor Lena Hart"]],
        ["10:00", "Measuring desistance", ["Helen Marsh"]],
        ["10:00", "Commissioning with lived experience", ["Adaeze Okafor"]],
        ["11:15", "What counts as an outcome?", ["Tomasz Nowicki"]],
        ["11:15", "Small providers and the evidence burden", ["Grace Mbeki"]],
        ["12:30", "Lunch", []],
        ["13:30", "what commissioners need from research", ["Lena Hart", "Martin Osei"]],
    ],
    "records": {
        "finding": [
            "reconviction within a year is a blunt measure of desistance",
            "most who reoffend in the first year do so less often and less seriously",
            "only four of the nineteen contracts reviewed measured anything other than",
            "intermediate outcomes, such as stable housing and employment, would tell them more",
            "one-year reconviction rates hide progress that matters",
            "intermediate outcomes are cheap to collect",
            "the panel asked harder questions about how services would feel to use",
            "small providers spend up to a fifth of a grant on monitoring and evaluation",
            "commissioners said they most often rely on local knowledge and provider reports",
            "research timescales of three years or more are longer than most contracts",
            "shared outcome measures across the region would make services comparable",
        ],
        "risk": [
            "demanding randomised trials from small providers risks driving them out",
            "evaluations commissioned by providers themselves will be treated as less credible",
            "short contracts leave no time to show any effect at all",
        ],
        "recommendation": [
            "Commissioners should include at least two intermediate outcomes",
            "The region's commissioners should agree a common outcomes framework",
            "Funders should pay for independent evaluation separately",
            "Commissioning panels should include people with lived experience as scorers",
        ],
        "question": [
            "How can desistance be measured over the length of a typical three-year contract",
            "What would a proportionate standard of evidence for small providers look like",
        ],
    },
    "not_records": [
        "Knowledge Exchange Seminar IV, on restorative justice, is planned for October 2026",
    ],
}
