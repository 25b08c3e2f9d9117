"""A commissioners' conference breakout summary: bold one-line headings in Word, "Key messages",
"Watch-outs" and "Asks of government" as bullet lists, a rapporteur (held out, round four)."""

from . import bullets, heading, para, title

LAYOUT = {
    "text_headings": "plain",
    "word_headings": "bold",
    "running_header": "National Commissioners' Conference 2022",
    "bullet": "* ",
}

PARTS = [
    title("National Commissioners' Conference 2022"),
    title("Breakout Session 2 – Victims' services after the funding formula"),
    para("Thursday 6th October 2022, The Lowry, Salford Quays"),
    para("Rapporteur: Callum Reid, Westshire Office of the Police and Crime Commissioner"),
    heading("About this session"),
    para(
        "About forty delegates, most of them commissioners' staff with a handful of providers, "
        "discussed how the new victims' funding formula will change what is commissioned "
        "locally. The session was held under the Chatham House rule and this note attributes "
        "nothing to any delegate."
    ),
    heading("Key messages"),
    bullets(
        "Commissioners who co-designed services with survivors reported better take-up and "
        "fewer people dropping out.",
        "Joint commissioning with health has worked where a single officer held both budgets.",
        "Most delegates felt the new formula favours areas with older populations.",
    ),
    heading("Watch-outs"),
    bullets(
        "Multi-year grants are still the exception, so small charities cannot keep specialist "
        "staff beyond March.",
        "Moving to a single victims' hub could squeeze out by-and-for services for Black and "
        "minoritised women.",
        "Outcome data is thin, and there is a danger of commissioning on volume alone.",
        "Needs assessments done in a hurry tend to miss children and young people as victims.",
    ),
    heading("Asks of government"),
    bullets(
        "Confirm victims' funding allocations for three years rather than one.",
        "Publish the outcomes framework before the next commissioning round, not after it.",
        "Ring-fence a share of the grant for by-and-for organisations.",
    ),
    heading("What happens next"),
    para(
        "The rapporteurs of all six breakouts will meet in November to draw the asks together "
        "into one letter from the conference."
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "Victims' services after the funding formula"}],
    "frame": {
        "series": "National Commissioners' Conference 2022",
        "event_word": "Breakout Session",
        "number_style": "digits",
        "date": "2022-10-06",
        "date_precision": "day",
        "venue": "The Lowry, Salford Quays",
        "authors": ["Callum Reid"],
        "affiliations": ["Westshire Office of the Police and Crime Commissioner"],
    },
    "programme": [],
    "records": {
        "finding": [
            "Commissioners who co-designed services with survivors reported better take-up",
            "Joint commissioning with health has worked",
            "Most delegates felt the new formula favours areas with older populations",
        ],
        "risk": [
            "Multi-year grants are still the exception",
            "Moving to a single victims' hub could squeeze out by-and-for services",
            "Outcome data is thin",
            "Needs assessments done in a hurry tend to miss children",
        ],
        "recommendation": [
            "Confirm victims' funding allocations for three years",
            "Publish the outcomes framework before the next commissioning round",
            "Ring-fence a share of the grant for by-and-for organisations",
        ],
    },
}
