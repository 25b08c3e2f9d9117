"""A partnership's learning review of a women's centre (held out: written by a session that had
not read the rules' cues, measured before any rule was changed): a title block with a weekday
date and "Written by", bold hand-set headings in Word, findings as paragraphs, risks in prose and
the partnership's requests as "X to do Y" lines in a numbered list under a heading of its own."""

from . import heading, numbered, para, title

LAYOUT = {
    "word_headings": "bold",
    "text_headings": "underlined",
    "running_header": "Women's centre partnership: learning review",
}

PARTS = [
    title("Northfield Women's Justice Partnership"),
    title("Learning Review 3: Referrals from Court to the Women's Centre"),
    title("Tuesday 12th September 2023"),
    title(
        "Written by Priya Castell (Northfield Women's Centre) and Tom Ardley (Probation Service)"
    ),
    heading("Why we looked again"),
    para(
        "Magistrates can require a woman to attend the centre as part of a community order, but "
        "referrals fell by a third in the year to March."
    ),
    heading("What the review found"),
    para(
        "Most referrals that did arrive came from the two benches where a centre worker sits in "
        "court on Mondays."
    ),
    para(
        "Women referred from court attended their first appointment in nine cases out of ten "
        "when a worker met them on the day of sentence."
    ),
    para(
        "Pre-sentence reports written on the same day rarely mentioned the centre at all, because "
        "report writers did not know what it offered."
    ),
    heading("Where it could go wrong"),
    para(
        "The court worker post is paid from a grant that ends in April; once it goes, referrals "
        "from the Monday benches are likely to fall to the level of the others."
    ),
    para(
        "Women who miss a first appointment are breached more quickly than they are reminded, so "
        "a missed bus can end in a return to court."
    ),
    heading("What we ask of commissioners and partners"),
    numbered(
        "The police and crime commissioner to fund the court worker post for a further two years.",
        "Probation to add a line on the women's centre to every same-day report template.",
        "The centre to send a text reminder the day before each first appointment.",
        "Commissioners to publish referral figures by court every quarter.",
    ),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Referrals from Court to the Women's Centre"}],
    "frame": {
        "series": "Northfield Women's Justice Partnership",
        "event_word": "Learning Review",
        "number_style": "digits",
        "date": "2023-09-12",
        "date_precision": "day",
        "authors": ["Priya Castell", "Tom Ardley"],
        "affiliations": ["Northfield Women's Centre", "Probation Service"],
    },
    "programme": [],
    "records": {
        "finding": [
            "Most referrals that did arrive came from the two benches",
            "Women referred from court attended their first appointment",
            "Pre-sentence reports written on the same day rarely mentioned the centre",
        ],
        "risk": [
            "referrals from the Monday benches are likely to fall",
            "a missed bus can end in a return to court",
        ],
        "recommendation": [
            "The police and crime commissioner to fund the court worker post",
            "Probation to add a line on the women's centre",
            "The centre to send a text reminder",
            "Commissioners to publish referral figures by court",
        ],
    },
}
