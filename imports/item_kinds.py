"""What a heading's items are, from the items themselves (issue 24): a heading of the group's
own ("Where it could go wrong", "What worries the panel") whose lines mostly say what may happen
makes each of its lines a risk; a line shaped as a request is one when it stands beside another
so shaped or makes at least half of its heading's lines. Grammar, not the group's words."""

import re

from . import rules
from .records import cue_of, sentences

# A statement of what may happen: a modal of possibility or a word of likelihood, not a request
# ("should") nor an ability ("can check", "could say": those count only with a harm, as
# RISK_CUES' "can lose", "could close"), nor a comparison ("more likely to come back").
POSSIBILITY = re.compile(
    r"\b(?:may|might|would)\b(?!\s+(?:also\s+)?(?:be\s+)?"
    r"(?:helpful|useful|possible|welcome|good|better)\b)|"
    r"(?<!more )(?<!most )(?<!less )\b(?:likely|liable|bound) to\b|"
    r"\bat risk of\b|\b(?:expects?|expected) to\b",
    re.IGNORECASE,
)


def _one_line(text: str) -> str:
    """The item's one sentence, or "" when it is prose of several or a lead-in."""
    lines = sentences(text)
    return lines[0] if len(lines) == 1 and not lines[0].endswith(("?", ":")) else ""


def _groups(heading_of: dict[int, int]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for index, heading in sorted(heading_of.items()):
        groups.setdefault(heading, []).append(index)
    return groups


def _says_what_may_happen(text: str) -> bool:
    line = _one_line(text)
    if not line or cue_of(rules.RECOMMENDATION_CUES, line) or cue_of(rules.REQUEST_SHAPES, line):
        return False
    return bool(POSSIBILITY.search(line) or cue_of(rules.RISK_CUES, line))


def risk_lists(blocks, heading_of: dict[int, int]) -> dict[int, int]:
    """The items (block index → its heading's index) under a heading none of whose fixed kinds
    applies, whose two or more lines are mostly statements of what may happen: each is a
    risk, one stated as a plain fact among them included."""
    found = {}
    for heading, items in _groups(heading_of).items():
        possible = sum(_says_what_may_happen(blocks[i].text) for i in items)
        if len(items) >= 2 and possible * 2 > len(items):
            found.update(dict.fromkeys(items, heading))
    return found


def _shaped_as_request(text: str) -> bool:
    line = _one_line(text)
    return bool(line) and bool(cue_of(rules.REQUEST_SHAPES, line)) and not _noun_then_verb(line)


def _noun_then_verb(line: str) -> bool:
    """ "Charities struggle to …": before the "to", a plural noun and then a word that is no
    grammar word is the verb of a statement, not a request's "who"."""
    if " to " not in line:
        return False
    words = line.split(" to ", 1)[0].split()
    return any(
        a.endswith("s")
        and not a.endswith(("ss", "'s", "’s"))
        and b.isalpha()
        and b.islower()
        and not re.fullmatch(r"and|or|of|in|at|for|from|with|on|nor|but", b)
        for a, b in zip(words, words[1:], strict=False)
    )


def request_lines(blocks, indexes, heading_of: dict[int, int]) -> set[int]:
    """Blocks of one sentence shaped as a request ("The council to keep …", "Extend the …")
    beside another so shaped, or at least half of the lines under their heading."""
    shaped = {i for i in indexes if _shaped_as_request(blocks[i].text)}
    runs = {i for i in shaped if i - 1 in shaped or i + 1 in shaped}
    for items in _groups({i: h for i, h in heading_of.items() if i in indexes}).values():
        if sum(i in shaped for i in items) * 2 >= len(items):
            runs.update(i for i in items if i in shaped)
    return runs


# A state, not an instruction: "Recruitment has started", "A shared inbox is being tested".
_STATE = re.compile(r"\b(?:is|are|was|were|has|have|had|been|being|none|yet)\b", re.I)


def asks_for_something(text: str) -> bool:
    """A mitigation that is a recommendation: a request by a cue or by its shape, or three or
    more words that start with a verb's bare form and report no state ("Fund travel for
    families …"; not "Recruitment has started", "None yet")."""
    if cue_of(rules.RECOMMENDATION_CUES, text) or cue_of(rules.REQUEST_SHAPES, text):
        return True
    first = re.match(r"[A-Z][a-z]+(?:-[a-z]+)?\b", text)
    return bool(
        first
        and len(text.split()) >= 3
        and not re.fullmatch(rf"(?i:{rules.NOT_A_VERB})", first[0])
        and not re.search(r"(?:[^s]s|ed|ing|ly|ion|ment)$", first[0])
        and not _STATE.search(text)
    )
