"""The rules the extractor applies: cue phrases in the group's own words, and nothing else.

Each rule is a compiled pattern with the name shown to the facilitator as the cue that
produced a proposal. Patterns are tried in order; the first that matches names the value.
"""

import re


def _rules(pairs):
    return [(value, re.compile(pattern, re.IGNORECASE)) for value, pattern in pairs]


# Risks: something could go wrong.
RISK_CUES = _rules(
    [
        # Not an offender's category ("low risk offenders") nor a risk-averse culture.
        (
            "“risk(s) to / that / of …”",
            r"(?<!low )(?<!high )(?<!medium )(?<!low-)(?<!high-)"
            r"\b(?:significant |real |major )?risks?\b(?! averse| offenders?| categor)",
        ),
        ("“danger”", r"\bdanger\b"),
        ("“concern”", r"\bconcerns?\b"),
        (
            "“could/may result in, lead to, mean”",
            r"\b(?:could|may|will|would) (?:result in|lead to|mean|see)\b",
        ),
        (
            "“likely to lead to / have a negative impact”",
            # Not a comparison: "three times as likely to have an address", "more likely to".
            r"(?<!\bas )(?<!\bmore )(?<!\bless )\blikely to (?:lead|have|increase|drive)\b",
        ),
        ("“the potential to / for …”", r"\bpotential (?:to (?!develop)|for|conflicts)\b"),
        ("“negative / massive impact”", r"\b(?:negative|massive|significant) impact\b"),
        ("“fail / failure”", r"\bfail(?:ure|s|ed)? to\b|\bwould (?:either )?fail\b"),
        ("“strain / threat / barrier”", r"\b(?:strain|threats?|barriers?|undermin\w+)\b"),
        # Harm that could follow ("a mutual could collapse", "the link may be lost", "can lose
        # their place", "expects to close").
        (
            "“could / may collapse, close, be lost …”",
            r"\b(?:could|may|might|would|can|likely to|expects? to|expected to) (?:\w+ )?"
            r"(?:collapse|close|be lost|lose|withdraw|miss|"
            r"remove|harm|discourage|leave \w+ without|be released|go unused|be wasted|"
            r"be withdrawn|dry up)\b",
        ),
        ("“risk averse culture”", r"\brisk averse culture\b.*\b(?:leading to|has developed)\b"),
        # Generic ways English says a harm may come (issue 24: measured on held-out reports).
        (
            "“worried / uneasy / fear that …”",
            # Not "the people concerned": concerned that, about, at, by ….
            r"\b(?:worr(?:y|ies|ied)|uneasy|apprehensive|fears? that|feared)\b|"
            r"\bconcerned(?=\s+(?:that|about|at|by|for|over|with|to|lest)\b)",
        ),
        (
            "“there is a chance that …”",
            r"\bthere (?:is|was|remains) (?:a |an )?(?:\w+ )?(?:chance|possibility|likelihood|"
            r"prospect) that\b",
        ),
        (
            # Not "could not be …", mostly what could not be done (past ability).
            "“may not be …ed” (a hedged failure)",
            r"\b(?:may|might) not be (?:\w+ed|seen|known|heard|found|met|taken)\b",
        ),
        # A condition that something fails, then what follows: "If X slips, Y will …".
        (
            "“if / should / unless … not …, … will”",
            r"\b(?:if|should|unless)\b[^.;]{0,80}?\b(?:not|no longer|without|slips?|fails?|stops?|"
            r"lapses?|ends?|is cut|are cut)\b[^.;]{0,80}?\b(?:will|would|could)\b",
        ),
        ("“without …, … will”", r"(?:^|[.;:]\s+)without\b[^.;]{0,100}?\b(?:will|would|could)\b"),
        (
            "“may encourage … to avoid”",
            r"\b(?:may|might|could|would|will) (?:\w+ ){0,2}?(?:encourage|push|tempt|lead) "
            r"[\w ]{1,40}?\bto (?:avoid|drop|abandon|ignore|neglect|exclude|turn away)\b",
        ),
        (
            "“discourages … from”",
            r"\b(?:discourag|deterr?)\w* [\w ]{1,40}?\bfrom\b",
        ),
        ("“leave … without”", r"\b(?:could|may|might|would|will) leave [\w ]{1,40}?\bwithout\b"),
        # What follows, then the condition that something fails: "… will close in June if the
        # grant is not renewed".
        (
            "“… will …, if … not …”",
            r"\b(?:will|would|could)\b[^.;]{0,80}?\b(?:if|unless)\b[^.;]{0,60}?\b(?:not|no longer|"
            r"fails?|lapses?|ends?|is cut|are cut|is withdrawn)\b",
        ),
        ("“cautioned / warned that”", r"\b(?:caution|warn)(?:ed|s)? (?:that|against)\b"),
        # Who is left worse off: "those with the most complex needs are left with the least".
        (
            "“left behind / left with the least”",
            r"\b(?:are|is|be|being|get|gets)(?: (?:\w+ly|sometimes|often|still|then))? left "
            r"(?:behind|out|stranded|"
            r"with (?:the )?least|with nothing|with no\b|"
            # "… are sometimes left with a group and nobody to supervise it"
            r"with [\w ]{1,30}?\band (?:nobody|no one|nothing|no)\b)",
        ),
        # A harm told as a plain fact: "… leaves the harder ones waiting", "makes visits rare".
        (
            "“leaves … waiting / makes … harder”",
            r"\bleav(?:es|ing) [\w' ]{1,40}?\b(?:waiting|behind|stranded|without|with no)\b|"
            r"\bmak(?:es|ing) [\w' ]{1,40}? (?:rare|harder|impossible|more difficult|unlikely|"
            r"worse)\b",
        ),
        # Voices left out, told as a plain fact: "The views of people on probation have not been
        # sought", "no one has asked the young people".
        (
            "“have not been consulted / sought”",
            r"\b(?:has|have|had) not been (?:sought|consulted|asked|heard|involved|listened to|"
            r"told|informed)\b|\bno one (?:has|had) (?:asked|consulted|told)\b",
        ),
        # A harm that grows: "A backlog of 40,000 hours has built up", "waiting lists are rising".
        (
            "“a backlog has built up / is growing”",
            r"\b(?:backlog|waiting list|queue)s?\b[^.;]{0,60}?\b(?:built up|building up|"
            r"grow(?:s|n|ing)|ris(?:es|en|ing)|lengthen\w*)\b",
        ),
        # A labelled line of notes: "Concern: …", "Risk: …".
        ("a line labelled “Risk:”", r"^(?:risk|concern|worry|watch[- ]?out|issue)s?\s*:"),
    ]
)

# Recommendations: something should be done, by someone.
RECOMMENDATION_CUES = _rules(
    [
        ("“recommended”", r"\brecommend(?:ed|s|ation)?\b"),
        ("“should”", r"\bshould\b"),
        ("“must”", r"\bmust\b"),
        # Not "the need to …", which names a need rather than asks anyone to meet it.
        (
            "“will need to / need to”",
            r"(?<!\bthe )\b(?:will |would )?needs? to (?!be (?:addressed|changed))",
        ),
        ("“need(s) to be”", r"\bneeds? to be\b"),
        ("“it is important / essential”", r"\bis (?:important|essential|vital)\b"),
        ("“responsibility”", r"\bresponsibility\b"),
        (
            "“only … will / can only be achieved”",
            r"\bonly [\w ]{0,40}\bwill deliver\b|\bcan only be achieved\b",
        ),
        ("“would be a more innovative way”", r"\bwould be a (?:more )?\w+ way\b"),
        ("“would be required”", r"\b(?:would be|is) required\b"),
        ("“the potential to develop”", r"\bpotential to develop\b"),
        ("“would need to be given”", r"\bwould need to be given\b"),
        # Requests in the third person (issue 24: measured on held-out reports).
        ("“ought to”", r"\bought to\b"),
        (
            "“is asked / invited to”, “asks … to”",
            r"\b(?:is|are) (?:asked|invited|urged) to\b|"
            r"\b(?:asks?|invites?|urges?|calls on|(?:are|is|am) (?:asking|calling on|urging)) "
            r"(?:the|its|each|every|all) [\w' ]{1,40}?\bto\b",
        ),
        # Someone proposing, not data suggesting ("the figures suggest that …") nor a report of
        # what was said ("it was suggested that …").
        (
            "“we / the group propose(s) that”",
            r"\b(?:we|it|group|panel|forum|reviewers?|members|participants|board|committee|"
            r"network|exchange|workshop|authors?)\s+(?:(?!was|were|is|has|had|been)\w+\s+)?"
            r"(?:propose|suggest)(?:s|ed)? that\b",
        ),
        (
            "“it would help if / be worth …ing”",
            r"\bit would (?:also )?(?:help|be (?:better|helpful|useful|wise|sensible)) (?:if|to)\b|"
            r"\bit (?:would|may|might) (?:also )?be worth (?!noting|mentioning|recalling|"
            r"remembering|saying)\w+ing\b",
        ),
        # Advice in the third person and pleas in the first: "Commissioners would do well to
        # …", "We would urge …".
        ("“would do well to”", r"\bwould do (?:well|better) to\b"),
        ("“we (would) urge”", r"\b(?:we|i) (?:would |strongly )?(?:urge|implore)\b"),
        # Asked in the first person, of someone: "We would like the probation service to …",
        # "We ask commissioners to fund …" (not "we would like to thank …").
        (
            "“we would like / ask … to”",
            r"\b(?:we|the (?:group|panel|forum|network|set|members)) (?:would |also |therefore )*"
            r"(?:like|ask|want|wish|need)s? (?!to\b|you\b|that\b)[\w' ]{1,40}?\bto [a-z]{2,}",
        ),
        # A proposal reported with its verb in the subjunctive: "It was suggested that
        # placements be offered …", "members proposed that the fund not be cut".
        (
            "“suggested that … be …”",
            # No modal before "be": "suggested that it could be linked" reports a finding.
            r"\b(?:suggest|propos|recommend|urg|insist|ask)\w* that\b"
            r"(?:(?!\b(?:could|would|should|may|might|will|can|must|to|shall)\b)[^.;]){1,80}?"
            r"\b(?:not )?be "
            r"(?:\w+ed|given|made|taken|kept|set|put|paid|held|seen|sent|built|run|drawn up)\b",
        ),
        # A labelled line of notes or minutes: "Agreed: probation to send …", "Action: chair to
        # write …".
        (
            "a line labelled “Agreed:” / “Action:”",
            r"^(?:agreed|actions?|agreed actions?|decisions?|decided|recommendations?|asks?|"
            r"next steps?)\s*:",
        ),
    ]
)

# A modal inside a question put ("whether restorative justice should be offered") asks nothing.
PUT_AS_QUESTION = re.compile(
    r"\bwhether\b[^,;:]{0,80}?\b(?:should|must|ought to|needs? to)\b(?![^,;:]*\bor not\b)|"
    # Nor does one in what a meeting set out to settle ("met to agree what it should ask").
    r"\bto (?:agree|decide|consider|discuss|explore|ask|establish|work out)\b[^,;:]{0,30}?"
    r"\b(?:what|how|which|where|when|who)\b[^,;:]{0,60}?\b(?:should|must|ought to|needs? to)\b",
    re.I,
)
# "Should it not be renewed, …": a condition, not a request.
CONDITIONAL_SHOULD = re.compile(r"^(?:but |and )?should\b[^,?]{1,80},\s*", re.I)
# A body asked to note or agree the paper's own findings or proposals: procedure, not a
# recommendation ("The Board is asked to note the findings and agree the proposals"); nor are
# readers invited to send their comments on it.
PROCEDURE = re.compile(
    r"\b(?:asked|invited|asks?|invites?) (?:the [\w ]{1,30}? )?to (?:note|agree|approve|"
    r"consider|endorse|discuss|comment on)\b[^.;]{0,60}?\b(?:(?:this|the) (?:paper|report)|"
    r"(?:the|these|its|this paper's|\w+) (?:findings|proposals|recommendations|contents))\b|"
    r"\b(?:asked|invited|welcome) to (?:send|submit|email|forward|share|let \w+ (?:know|have)) "
    r"(?:any |their |your )?(?:comments|views|corrections|feedback|thoughts)\b|"
    # "Members who would like to host a workshop should contact …": an invitation.
    r"\bwho would like to\b[^.;]{0,80}?\bshould (?:contact|get in touch|email|write to|let)\b",
    re.I,
)
# Not itself a record: a lead-in ("To the Department of Justice:", "The panel scored the risks
# as follows.") and a quotation with its speaker (a newsletter's pull quote, "“…” — a member").
LEAD_IN = re.compile(r"(?::|\bas follows\.?|\bthe following\.?)$", re.I)
# A question quoted from the floor (“How am I meant to …?”): a question raised, whatever its
# heading.
QUOTED_QUESTION = re.compile(r"^[“\"‘']([^”\"]{3,}\?)[”\"’']$")
QUOTATION = re.compile(r"^[“\"‘'][^”\"]{3,}[”\"’']\s*[—–-]\s*\w")
# A heading of questions put (“Questions from the floor”, “Q&A”): its direct questions are
# questions raised, whatever else its paragraphs say.
QUESTIONS_TOPIC = re.compile(r"\bquestions?\b|\bq\s*&\s*a\b", re.I)
# An item under "Next steps" that announces a date is news, not a request.
ANNOUNCEMENT = re.compile(
    r"\bwill (?:be held|take place|meet again)\b|\b(?:is|are) planned for\b|"
    r"^(?:date of )?(?:the )?next meeting\b",
    re.I,
)

# Requests with no verb of asking, each a line of its own (a list item, a one-sentence
# paragraph) beside another of the same shape: grammar words, not the group's words, tell the
# shapes from a statement ("Charities struggle to …" alone has the shape, but no neighbour).
_NOT_AN_ACTOR = (
    r"it|there|this|that|these|those|we|they|he|she|i|you|who|which|what|how|when|where|why|"
    r"whether|if|as|so|in|due|according|next|up|prior|thanks|only|also|and|but|or|because|"
    r"although|while|whilst|once|unless|until|since|for|from|with|without|by|of|on|at"
)
_FINITE = (
    r"is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|shall|should|may|"
    r"might|must|not|no|need|needs|wants?|seems?|tends?|plans?|hopes?|aims?|tries|try|"
    r"expects?|intends?|continues?|wish(?:es)?|chooses?|refuses?|helps?|appears?|likes?|gets?|"
    r"goes|go|comes?|able|unable|willing|likely|unlikely|about|set|began|begins?|went|came|"
    r"got|chose|too|enough|order|who|which|that|whose|than|on|in|up|out|off|back|down|over|"
    r"away|forward|into|onto|from|with|by|of|at|for|as"
)
# "The council to keep …", "Probation to add …": who, then "to" and what they are to do.
JUSSIVE = re.compile(
    rf"^(?!(?i:{_NOT_AN_ACTOR})\b)(?:(?!(?i:{_FINITE})\b)[A-Za-z'’-]+(?<!ed)\s+){{1,6}}"
    r"to\s+(?!the\b|a\b|an\b|date\b|be\s+\w+ed\b)[a-z]{2,}\b"
)
NOT_A_VERB = (
    r"about|above|across|after|against|along|among|around|as|at|before|behind|below|beside|"
    r"besides|between|beyond|by|despite|during|except|for|from|in|inside|into|like|near|of|off|"
    r"on|onto|out|outside|over|past|per|since|through|throughout|till|to|toward|towards|under|"
    r"unlike|until|up|upon|via|with|within|without|although|because|if|once|unless|when|"
    r"whenever|where|whereas|while|whilst|how|what|why|half|twice|all|both|each|every|most|"
    r"many|much|several|some|few|such|only|even|just|not|nor|yet|so|and|but|or|then|there|"
    r"here|this|that|these|those|it|its|our|their|his|her|my|your|we|they|he|she|you|i|one|"
    r"two|three|four|five|six|seven|eight|nine|ten|given|among|the|a|an|no|any|more|less"
)
# "Extend the contract …", "Agree a single inbox …": a verb's bare form, then what it acts on.
IMPERATIVE = re.compile(
    rf"^(?!(?i:{NOT_A_VERB})\b)[A-Z][a-z]+(?:-[a-z]+)?(?<![^s]s)(?<!ed)(?<!ing)(?<!ly)\s+"
    r"(?:the|a|an|each|every|all|its|their|our|your|one|two|three|this|these|those|some|more|"
    r"any|them|us)\b"
)
REQUEST_SHAPES = [
    ("a request: “who to do what”", JUSSIVE),
    ("a request: an imperative", IMPERATIVE),
]

# Openings that carry who said it rather than what: dropped from a proposed short statement.
ATTRIBUTION = re.compile(
    r"^(?:however,? |therefore,? |conversely,? |in this situation,? )*"
    r"(?:(?:it was|there was) [\w ]{0,40}?(?:felt|agreed|recognised|suggested|accepted|"
    r"pointed out|concluded|a consensus|clear agreement[\w ]*?)|"
    r"the group(?: [\w ]{0,30}?)? (?:felt|agreed|recommended|recognised|thought|suggested)|"
    r"(?:some|many|most)(?: of the group| group members)? (?:felt|thought|also felt)|"
    r"a key learning outcome [\w ]{0,60}? was)"
    r"(?: that)?,? ",
    re.IGNORECASE,
)

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SCHEDULE_ROW = re.compile(
    rf"(?<!\S)(\d{{1,2}})\s+(.+?)\s+([A-Z][\w'-]+)\s+({MONTHS})\s*(\d{{4}})", re.DOTALL
)
SESSION_HEADING = re.compile(
    r"^(?:round table action learning\s+)?session\s+(\d+)\s*:\s*(.+)$", re.IGNORECASE
)
CIRCUMSTANCES = re.compile(r"\b(?:shortened|postponed|cancelled|rescheduled|due to)\b", re.I)
FIGURE_REFERENCE = re.compile(r"\bfig(?:ure|\.)?\s*(\d+)\b", re.IGNORECASE)
# A figure's caption: "Figure 1: The local model" (the number is the figure's own, not kept).
FIGURE_CAPTION = re.compile(r"^fig(?:ure|\.)?\s*\d+\s*(?:[:.–-]\s*(.{0,300}))?$", re.I)
INAUGURAL = re.compile(
    rf"inaugural meeting .*? on the (\d{{1,2}})(?:st|nd|rd|th)? ({MONTHS}) (\d{{4}}) in ([A-Z]\w+)"
)

# Who wrote the report: "Authors: …", "Written by …", "Report by …", "Notes by …", a
# newsletter's "Words: …", on a line of its own.
AUTHORS = re.compile(
    r"^(?:(?:report )?authors?|rapporteurs?|words|minutes(?=\s*:)|minute[- ]taker|"
    r"(?:(?:facilitated|chaired|convened) and )?"
    r"(?:written(?: up)?|report|notes?|minutes|recorded|prepared|compiled)"
    # "Prepared for the Clydeside Community Justice Partnership by …"
    r"(?: for (?:the )?[^,]{3,80}?)? by)"
    r"\s*:?\s+(.{3,250}?)"
    r"\.?$",
    re.I,
)
# A session's programme: under a heading of that name, rows that start with a time.
PROGRAMME_HEADING = re.compile(r"^(?:the )?(?:programme|agenda)(?: of the day)?$", re.I)
TIME = r"\d{1,2}[.:]\d{2}(?:\s*(?:[–-]|to)\s*\d{1,2}[.:]\d{2})?"
# A programme's day under its heading: "Monday 11 March", "Day two", "Day 2: Tuesday".
PROGRAMME_DAY = re.compile(
    r"^(?:day (?:\d|one|two|three|four|five)\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    rf"\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS})\b)(?!(?:\s+\S+){{6}})",
    re.I,
)
PROGRAMME_CELL_TIME = re.compile(rf"^{TIME}$")
# A line that names a speaker, set under a programme row's title (on the next line, or after a
# line break in the title's cell): "Dr Rhodri Price, Dyfnant Centre …", "Cllr Dana Whitlock,
# Chair, …": a name of two to four capitalised words, perhaps after a title, then a comma.
SPEAKER_LINE = re.compile(
    r"^(?:(?:Dr|Prof|Professor|Cllr|Councillor|Mr|Mrs|Ms|Miss|Mx|Sir|Dame|Rev|Revd|Judge|Lord|"
    r"Lady|Baroness)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}\s*,\s*\S"
)
# A person's name alone: two to four capitalised words, perhaps after a title.
PERSON_NAME = re.compile(
    r"(?:(?:Dr|Prof|Professor|Cllr|Councillor|Mr|Mrs|Ms|Miss|Mx|Sir|Dame|Rev|Revd|Judge|Lord|"
    r"Lady|Baroness)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}"
)
PROGRAMME_LINE = re.compile(rf"^({TIME})\s+(.+)$")
# "Title – Dr A Speaker, Role, Organisation; Prof B …"
PROGRAMME_SPEAKERS = re.compile(r"\s+[–—-]\s+")

# A heading's own number ("2. Programme", "4.1 Risks", "3) Next steps"), set in a Word or PDF
# heading as typed: not part of the name its vocabulary is matched against.
HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,2}[.)]?|[A-H][.)])\s+(?=\S)")


def heading_name(text: str) -> str:
    return HEADING_NUMBER.sub("", text, count=1)


# Headings that say what kind each item under them is; "skip": an attendance list (who came is
# never recorded, only which sectors).
SECTION_HEADINGS = [
    (kind, re.compile(pattern, re.I))
    for kind, pattern in [
        # Risks by their other names: "Watch-outs", "Concerns", "Points of caution", "Threats".
        (
            "risk",
            r"^(?:key |main |the |our )?(?:risks?(?: identified| to \w+)?|watch[- ]?outs?|"
            r"watch points|concerns(?: raised)?|threats|pitfalls|warnings|"
            r"(?:points|notes) of caution|cautions|"
            # What stands in the way: "Challenges", "Issues for consideration", "Worries".
            r"challenges|(?:key )?issues(?: for consideration| to consider| arising)?|worries|"
            r"problems|barriers|obstacles|difficulties)$|"
            # "Where it could go wrong", "What could go wrong", "What worries us".
            r"^(?:where|what|how|things that)\b[\w' ]{0,30}?\bgo(?:es)? wrong$|"
            r"^what (?:worries|concerns) (?:us|me|them|the [\w ]{1,20}|members)$",
        ),
        # Requests by their other names: "Asks of government", "Mitigation", "Agreed actions".
        (
            "recommendation",
            r"^(?:key |our |the |agreed )?(?:recommendations?|actions?(?: agreed| points)?|"
            r"suggestions|proposals|next steps|decisions(?: for [\w ]+)?|"
            r"asks(?: of [\w ]+)?|requests(?: of| to| for)?[\w ]*|calls to action)$",
        ),
        # What answers a risk: a recommendation when it asks for something ("Extend the
        # contract …"), not when it reports a state ("Recruitment has started").
        ("mitigation", r"^(?:mitigations?|mitigating actions?|mitigated by|controls?|response)$"),
        ("question", r"^(?:questions? (?:raised|for [\w ]+|arising)|open questions|questions)$"),
        ("skip", r"^(?:present|attendees|attendance|in attendance|apologies)$"),
    ]
]
# An event's own line of when and where: "Held on 3 February 2015 at …".
HELD = re.compile(r"^(?:held|took place|met|meeting held)\b|^date(?: of [\w ]{1,20})?:", re.I)
# Its subject on a labelled line of its own: "Topic: work after custody."
TOPIC_LINE = re.compile(r"^(?:topic|subject|theme)\s*:\s*(.{3,200}?)\.?$", re.I)
# Its place on a labelled line of its own: "Place: Harbour Lane Youth Centre, Eastmoor."
HELD_PLACE = re.compile(r"\b(?:place|venue|location|where)\s*:\s*(?:the\s+)?([^.]{3,120})", re.I)
# Headings under which the first paragraph is the event's focus (otherwise: the one before any).
FOCUS_HEADING = re.compile(
    r"^(?:introduction|background|purpose(?: of [\w ]+)?|overview|focus|aims?|context|summary)$",
    re.I,
)
