"""A Northern Irish policing and community safety partnership's panel note: the whole title
block on one line joined by dashes, a date as "Tues 3rd Feb '26", a table of risks with
likelihood and impact columns, recommendations lettered (a), (b) … under "To the Department of
Justice:" and "To the partnership:" (held out, round six)."""

from . import heading, para, table, title

LAYOUT = {
    "text_headings": "underlined",
    "word_headings": "styles",
    "running_header": "Youth Justice Thematic Panel: note of Panel 4",
}

PARTS = [
    title(
        "Youth Justice Thematic Panel — Panel 4: Diversion before charge — Tues 3rd Feb '26 — "
        "Glenavy Road Community Hall, Antrim — note by Orla McGarvey"
    ),
    title("Mid Antrim Policing and Community Safety Partnership"),
    heading("Purpose of this note"),
    para(
        "This note records the main points of the fourth meeting of the partnership's Youth "
        "Justice Thematic Panel. It is not a verbatim record and nothing in it is attributed to "
        "a named member."
    ),
    para(
        "Present: PSNI neighbourhood officers (three), the Youth Justice Agency, two voluntary "
        "sector youth providers, two independent members of the partnership and the Public "
        "Prosecution Service (observing)."
    ),
    heading("What the panel heard"),
    para(
        "The Youth Justice Agency told the panel that 62 young people were offered a "
        "diversionary youth conference in the last year and 51 of them completed it. Officers "
        "said that a file now takes eleven weeks on average to reach a decision, against seven "
        "weeks two years ago."
    ),
    para(
        "Members were broadly agreed that diversion works best when it is offered within a "
        "fortnight of the offence, while the young person still connects the conference with "
        "what they did. The voluntary providers added that parents are far more likely to take "
        "part when the first contact is a home visit rather than a letter."
    ),
    para(
        "Some members feared that the new charging guidance will mean more children are "
        "prosecuted for minor offences that would once have been dealt with by a warning. "
        "Several independent members also pointed out that no young person or parent had been "
        "asked about the guidance before it was issued."
    ),
    heading("Risk register"),
    para("The panel scored the risks it discussed as follows."),
    table(
        ["Risk", "Likelihood", "Impact", "Owner"],
        [
            "Delays in file preparation push young people past the point where diversion can "
            "be offered",
            "High",
            "High",
            "PSNI",
        ],
        [
            "Voluntary providers lose trained staff because their contracts run from year to year",
            "Medium",
            "High",
            "Partnership",
        ],
        [
            "Victims stop engaging if nobody tells them the outcome of a conference",
            "Medium",
            "Medium",
            "Youth Justice Agency",
        ],
    ),
    heading("Recommendations"),
    para("To the Department of Justice:"),
    para(
        "(a) diversion workers should be funded on three-year terms rather than through annual "
        "grants;"
    ),
    para(
        "(b) the time from offence to diversion decision should be published for each policing "
        "district every quarter."
    ),
    para("To the partnership:"),
    para("(c) PSNI to report the number of files over eight weeks old to every panel meeting;"),
    para("(d) a victims' representative to be invited to join the panel."),
    heading("Next meeting"),
    para("Panel 5 will meet on Tues 5th May '26 at the same venue. Papers a week before."),
]

EXPECTED = {
    "events": [{"number": 4, "title": "Diversion before charge"}],
    "frame": {
        "series": "Youth Justice Thematic Panel",
        "organisation": "Mid Antrim Policing and Community Safety Partnership",
        "event_word": "Panel",
        "number_style": "digits",
        "date": "2026-02-03",
        "date_precision": "day",
        "venue": "Glenavy Road Community Hall",
        "authors": "Orla McGarvey",
    },
    "programme": [],
    "records": {
        "finding": [
            "62 young people were offered a diversionary youth conference",
            "a file now takes eleven weeks on average to reach a decision",
            "diversion works best when it is offered within a fortnight of the offence",
            "parents are far more likely to take part when the first contact is a home visit",
        ],
        "risk": [
            "the new charging guidance will mean more children are prosecuted for minor offences",
            "Delays in file preparation push young people past the point where diversion can",
            "Voluntary providers lose trained staff because their contracts run from year to year",
            "Victims stop engaging if nobody tells them the outcome of a conference",
        ],
        "recommendation": [
            "diversion workers should be funded on three-year terms",
            "the time from offence to diversion decision should be published",
            "PSNI to report the number of files over eight weeks old",
            "a victims' representative to be invited to join the panel",
        ],
    },
    "not_records": ["Present: PSNI neighbourhood officers (three)"],
}
