"""A round-table report in continuous prose: the event's number as an ordinal word ("the
eleventh of our round tables"), its date and place inside the opening sentence, risks and
recommendations inside ordinary paragraphs under headings that name neither ("There is a danger
that …", "would do well to …", "We would urge …"), a harm told as a plain fact, and the authors
at the end (held out, round five)."""

from . import heading, para, title

LAYOUT = {"text_headings": "underlined", "wrap": 88, "running_header": ""}

PARTS = [
    title("Severn Vale Commissioning Round Tables"),
    title("Buying outcomes for short sentences"),
    title("A report from the Halden Institute"),
    heading("Setting the scene"),
    para(
        "The eleventh of our round tables met on the afternoon of Thursday 6 November 2025 in "
        "the Old Court Room of the Guildhall Library, Tewford, with twenty-two participants "
        "from probation, the voluntary sector, two police and crime commissioners' offices and "
        "private providers."
    ),
    para(
        "Short custodial sentences remain the most common outcome for people who reoffend in "
        "the region. The discussion began from the observation that fewer than one in three "
        "people released from sentences of under twelve months are referred to any structured "
        "support."
    ),
    heading("The case for outcome payments"),
    para(
        "Participants broadly agreed that paying providers partly on outcomes had sharpened "
        "attention on what happens after the gate. Voluntary sector participants said the "
        "outcome payments nevertheless took nine months to arrive, and that smaller charities "
        "had borrowed to cover the gap. There is a danger that only organisations with reserves "
        "can afford to take part, and that local specialist charities are squeezed out."
    ),
    heading("What gets lost"),
    para(
        "Several people pointed out that a yes-or-no reoffending measure does not register "
        "progress such as a first tenancy held for six months. Once a contract rewards a single "
        "measure, providers will naturally steer effort towards the people most likely to "
        "succeed, and those with the most complex needs are left with the least."
    ),
    para(
        "Last winter two approved premises in the county lost their move-on contracts "
        "mid-year, and the people leaving them were placed in bed-and-breakfast rooms forty "
        "miles away. Probation participants noted that caseloads had risen by a quarter over "
        "the same period."
    ),
    heading("Where next"),
    para(
        "The group was clear that commissioners would do well to pay a larger share of the "
        "price up front for the first two years of any new contract. We would urge the regional "
        "commissioning team to publish its outcome data every quarter, so that providers and "
        "the public can see what is working. It would also be worth testing a measure of "
        "progress designed with people who have served short sentences before the next round "
        "of contracts is let."
    ),
    para(
        "Written up by Harriet Cole and Joseph Adeyemi, Halden Institute, with thanks to "
        "everyone who took part."
    ),
]

EXPECTED = {
    "events": [{"number": 11, "title": "Buying outcomes for short sentences"}],
    "frame": {
        "series": "Severn Vale Commissioning Round Tables",
        "organisation": "Halden Institute",
        "event_word": "Round Table",
        "number_style": "words",
        "date": "2025-11-06",
        "date_precision": "day",
        "venue": "Guildhall Library, Tewford",
        "authors": ["Harriet Cole", "Joseph Adeyemi"],
    },
    "programme": [],
    "records": {
        "finding": [
            "fewer than one in three people released from sentences of under twelve months",
            "Participants broadly agreed that paying providers partly on outcomes",
            "the outcome payments nevertheless took nine months to arrive",
            "a yes-or-no reoffending measure does not register progress",
            "caseloads had risen by a quarter",
        ],
        "risk": [
            "There is a danger that only organisations with reserves can afford to take part",
            "providers will naturally steer effort towards the people most likely to succeed",
            "the people leaving them were placed in bed-and-breakfast rooms forty miles away",
        ],
        "recommendation": [
            "commissioners would do well to pay a larger share of the price up front",
            "We would urge the regional commissioning team to publish its outcome data",
            "It would also be worth testing a measure of progress",
        ],
    },
    "not_records": ["with thanks to everyone who took part"],
}
