"""Another learning group's session report in the pilot's layout: group introduction, schedule
table, and a "Round Table Action Learning Session N" heading (digits)."""

from . import bullets, heading, para, table, title

LAYOUT = {"running_header": "Victims' Services Learning Group"}

PARTS = [
    title("Victims' Services Learning Group"),
    title("Round Table Action Learning"),
    title("Session 2: Restorative Justice in Practice"),
    heading("Introduction"),
    para(
        "The victims' services learning group brings together commissioners and providers of "
        "support for victims of crime across the south west."
    ),
    table(
        ["", "Subject", "Location", "Date"],
        ["1", "Referral routes", "Exeter", "March 2016"],
        ["2", "Restorative justice in practice", "Truro", "May 2016"],
        ["3", "Measuring recovery", "Plymouth", "July 2016"],
    ),
    para("The group's findings will be shared at the regional victims' conference in 2017."),
    heading("Round Table Action Learning Session 2: Restorative Justice in Practice"),
    para(
        "The session asked why so few victims are offered a restorative meeting with the "
        "person who harmed them."
    ),
    para(
        "The group was unanimous that victims should be asked directly, not left to find out "
        "about restorative justice from a leaflet."
    ),
    para(
        "Providers reported that police referrals stop whenever a trained officer moves post. "
        "This creates a risk that restorative justice depends on a handful of individuals."
    ),
    bullets(
        "Commissioners should require every police area to name a restorative justice lead.",
    ),
    heading("Conclusion"),
    para(
        "The session found strong support for restorative justice and weak systems for offering it."
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "Restorative Justice in Practice"}],
    "frame": {
        "series": "Victims' Services Learning Group",
        "event_word": "Session",
        "number_style": "digits",
        "date": "2016-05-01",
        "date_precision": "month",
    },
    "programme": [],
    "records": {
        "finding": [
            "The group was unanimous that victims should be asked directly",
            "Providers reported that police referrals stop whenever a trained officer moves",
            "Commissioners should require every police area to name a restorative justice lead.",
        ],
        "risk": ["This creates a risk that restorative justice depends on a handful"],
        "recommendation": [
            "victims should be asked directly",
            "Commissioners should require every police area to name a restorative justice lead.",
        ],
    },
}
