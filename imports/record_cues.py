"""What a record carries besides its kind, in the group's own words: how strongly a
recommendation is put, whom it or a risk concerns, how far the group agreed, which sectors
voiced a point, and its themes (``imports.rules`` holds the cues that find records)."""

import re


def _rules(pairs):
    return [(value, re.compile(pattern, re.IGNORECASE)) for value, pattern in pairs]


STRENGTH_CUES = _rules(
    [
        ("strong", r"\bstrongly recommend|\bat all costs\b|\bmust\b|\bvital\b"),
        ("suggested", r"\b(?:could|might|may|potential|suggest\w*|would be a)\b"),
        ("normal", r"."),
    ]
)

# Parties, most specific first: who is exposed to a risk, or whom a recommendation addresses.
PARTY_CUES = _rules(
    [
        ("central_government_commissioners", r"central government commissioners"),
        ("policy_makers", r"\bpolicy makers\b"),
        ("politicians", r"\bpoliticians\b"),
        ("service_users", r"\b(?:offenders?|service users?|citizens|vulnerable)\b"),
        ("voluntary_sector", r"\bvoluntary\b"),
        ("all_sectors", r"\ball (?:business )?sectors\b|\bacross the political spectrum\b"),
        ("providers", r"\bproviders?\b|\borganisations\b|\bpartners\b"),
        ("commissioners", r"\bcommission\w*\b|\bpublic purse\b"),
    ]
)

# How far the group agreed, in the words the reports use; the first that occurs wins.
AGREEMENT_CUES = _rules(
    [
        ("contested", r"strong arguments could be given|either approach"),
        (
            "unanimous",
            r"\bunanimous|\ball (?:agreed|of the group|representatives|members)\b"
            r"|\bgroup all agreed\b",
        ),
        (
            "broad",
            r"clear agreement|strongly agreed|\bit was agreed\b|\bconsensus\b|general acceptance"
            r"|most (?:of the group|thought)",
        ),
        (
            "many",
            r"\bmany (?:of the group|around the table|group members)\b"
            r"|significant number of the group",
        ),
        ("some", r"\bsome (?:of the group|members|felt)\b"),
    ]
)

# Sectors that voiced a point ("private sector representatives concurred").
SECTOR_CUES = _rules(
    [
        ("public", r"\bpublic sector (?:representatives|members|colleagues)\b"),
        ("private", r"\bprivate sector (?:representatives|members|colleagues)\b"),
        ("voluntary", r"\bvoluntary sector (?:representatives|members|colleagues)\b"),
    ]
)

# Themes: slug, name, keywords.
THEMES = [
    ("payment-by-results", "Payment by results", r"payment by results?|\bPBR\b"),
    ("localism", "Localism", r"\blocalism\b|\blocal (?:community|communities|commissioning)\b"),
    ("partnership-working", "Partnership working", r"\bpartnership"),
    ("media-and-influence", "Media and influence", r"\bmedia\b|\bnewspapers?\b|\bpress\b"),
    ("funding", "Funding and funding mechanisms", r"\bfunding\b|\bfunds\b|\bgrant\b"),
    ("procurement", "Procurement and competitive dialogue", r"\bprocurement\b|\btender"),
    (
        "commissioning-models",
        "Commissioning models: national scale and local",
        r"\bnational (?:scale|contracts)\b|\bone size fits all\b|\bscale\b",
    ),
    (
        "voluntary-sector-sustainability",
        "Voluntary sector sustainability",
        r"\bvoluntary (?:sector|organisations)\b",
    ),
    ("risk-transfer", "Risk transfer", r"\btransfer risk|risk transfer"),
    ("cherry-picking", "Cherry picking", r"cherry pick"),
    (
        "stakeholder-engagement",
        "Stakeholder engagement and the service user's voice",
        r"stakeholder|service user.s voice",
    ),
    ("evidence-base", "Evidence base", r"evidence base|\bevaluation\b"),
    ("prevention", "Prevention and place-based budgeting", r"\bprevent\w*|place based"),
    (
        "partnership-governance",
        "Governance of partnerships: exclusivity, intellectual property",
        r"exclusivity|intellectual property|\bgovernance\b",
    ),
    ("social-media", "Social media", r"social media"),
    (
        "offender-services",
        "Offender services and rehabilitation",
        r"\boffender|\breoffending\b|\brehabilitat",
    ),
    (
        "relationship-management",
        "Relationship management",
        r"relationship management|relationships",
    ),
    ("commercial-skills", "Commercial skills", r"commercial skills"),
]
THEME_PATTERNS = [(slug, name, re.compile(words, re.IGNORECASE)) for slug, name, words in THEMES]
