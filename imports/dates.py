"""Dates as reports write them, in common British forms: "24th November 2011", "Thursday 24th
November 2011", "24/11/2011", "3.2.2026", "November 2011", "14–15 June 2015" (its first day),
"3rd Feb '26", "the twelfth of May 2025". Pure functions over text, no database."""

import datetime
import re

from . import rules

ORDINAL_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ],
        start=1,
    )
}

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
# A year in full, or shortened after an apostrophe ("3rd Feb '26").
YEAR = r"(\d{4}|['’]\d{2})"
# A day of the month in words: "the twelfth of May 2025", "the twenty-first of March".
DAY_WORDS = {
    **ORDINAL_WORDS,
    **{
        word: n
        for n, word in enumerate(
            [
                "thirteenth",
                "fourteenth",
                "fifteenth",
                "sixteenth",
                "seventeenth",
                "eighteenth",
                "nineteenth",
                "twentieth",
            ],
            start=13,
        )
    },
    **{f"twenty[- ]?{word}": 20 + n for word, n in ORDINAL_WORDS.items() if n < 10},
    "thirtieth": 30,
    "thirty[- ]?first": 31,
}
_DAY_WORD = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
# Common British forms, most precise first: "14–15 June 2015", "24th November 2011",
# "24/11/2011", "November 2011".
DATES = [
    (
        "day",
        re.compile(
            rf"\b{ORDINAL}\s*(?:[–-]|to)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+({MONTH})\s+{YEAR}\b",
            re.I,
        ),
    ),
    ("day", re.compile(rf"\b{ORDINAL}\s+(?:of\s+)?({MONTH}),?\s+{YEAR}\b", re.I)),
    ("words", re.compile(rf"\b({_DAY_WORD})\s+(?:of\s+)?({MONTH}),?\s+{YEAR}\b", re.I)),
    ("numeric", re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")),
    # "20.11.25", "3/2/26": a year in two digits, with nothing after it that makes it a
    # section's or a version's number ("2.1.12.4").
    # In dots, day and month in two digits each ("1.2.10" is a paragraph's number).
    (
        "numeric",
        re.compile(
            r"(?<![\d.])(?:(\d{1,2})(/)(\d{1,2})/|(\d{2})(\.)(\d{2})\.)(\d{2})(?![\d.]\d|\w)"
        ),
    ),
    ("month", re.compile(rf"\b({MONTH})\s+(\d{{4}})\b", re.I)),
]
WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"


def month_number(name: str) -> int:
    return [m[:3].lower() for m in rules.MONTHS.split("|")].index(name[:3].lower()) + 1


def find_date(text: str) -> dict:
    """The first date in the text: ISO date, precision (day or month), and the words."""
    for precision, pattern in DATES:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groups()
        try:
            if precision == "numeric":
                day, month, year = (int(g) for g in groups if g and g not in "/.")
                year += 2000 if year < 100 else 0
                precision = "day"
            elif precision == "words":
                day, month, year = (
                    _day_in_words(groups[0]),
                    month_number(groups[1]),
                    _year(groups[2]),
                )
                precision = "day"
            elif precision == "day":
                day, month, year = int(groups[0]), month_number(groups[1]), _year(groups[2])
            else:
                day, month, year = 1, month_number(groups[0]), _year(groups[1])
            date = datetime.date(year, month, day)
        except ValueError:
            continue
        return {"date": date.isoformat(), "date_precision": precision, "date_text": match[0]}
    return {}


def _day_in_words(text: str) -> int:
    word = text.lower().replace("-", "").replace(" ", "")
    return next(n for w, n in DAY_WORDS.items() if re.fullmatch(w.replace("[- ]?", ""), word))


def _year(text: str) -> int:
    return int(text) if text.isdigit() else 2000 + int(text[1:])
