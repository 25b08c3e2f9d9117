"""How reports number their events: digits, words ("Seminar Four", "the fifth meeting") or
Roman numerals ("Seminar III"). Pure functions over text."""

import re

from .dates import ORDINAL_WORDS

NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}

# "Seminar III", "Workshop IV:": capitals only, and no small word straight after ("Session I
# asked …" is a sentence).
ROMAN = r"(?-i:(?:X{1,3}(?:IX|IV|V?I{0,3})|IX|IV|V?I{1,3}|V)(?![\w'’])(?!\s+[a-z]))"
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def number_value(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    if digits:
        return int(digits[0]), "digits"
    return {**NUMBER_WORDS, **ORDINAL_WORDS}[number], "words"


def roman_value(numeral: str) -> int:
    values = [ROMAN_VALUES[c] for c in numeral]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))
