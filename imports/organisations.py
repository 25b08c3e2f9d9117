"""Who runs a series or an event, named inside a line or a sentence of a report's front (used
by ``imports.titleblock`` and ``imports.front``). Pure functions over text."""

import re

# Who runs the series or the event, inside a line or sentence: "on behalf of the Pennine
# Justice Commissioning Alliance", "Prepared for the … Partnership by", "is run by the Hallam
# Justice Trust for …", "hosted as ever by the … Foundation": a name that ends as an
# organisation's does.
ORGANISATION_CUE = re.compile(
    r"\b(?i:on behalf of|(?:prepared|written|produced) for|(?:run|hosted|organised|convened|"
    r"funded)(?:\s+[a-z]+){0,2}?\s+by)\s+(?:the\s+)?"
    r"([A-Z][\w'’&-]*(?:\s+(?:(?:and|of|for|the|&)\s+)?[A-Z][\w'’&-]*)*)"
)
ORGANISATION_END = re.compile(
    r"\b(?:Partnership|Trust|Institute|Unit|Centre|Service|Board|Council|Commission|Foundation|"
    r"Academy|Agency|Authority|Office|Department|University|College|Association|Society|"
    r"Alliance|Charity|Collective)$"
)


def organisation_in(text: str) -> str:
    found = ORGANISATION_CUE.search(text)
    return found[1] if found and ORGANISATION_END.search(found[1]) else ""
