"""Workshop notes: numbered headings, discussion as bullets, then bulleted risks and
recommendations under their own headings."""

from . import bullets, heading, para, title

LAYOUT = {"text_headings": "numbered", "bullet": "- ", "running_header": "Workshop notes"}

PARTS = [
    title("Regional Commissioning Workshop 2"),
    title("Workshop notes"),
    title("Date: 7 May 2013"),
    title("Venue: Riverside Conference Centre, Leeds"),
    heading("Purpose of the workshop"),
    para(
        "Commissioners and providers from the northern region met to compare how they share "
        "information about people leaving custody."
    ),
    heading("Discussion"),
    heading("Data sharing", level=2),
    bullets(
        "Most providers receive release dates less than a week before release.",
        "Information sharing agreements differ between every pair of organisations, which "
        "slows new partnerships.",
        "Participants valued a single named contact in each prison.",
    ),
    heading("Contract length", level=2),
    bullets(
        "One-year contracts leave no time to build relationships with housing teams.",
        "Voluntary sector providers said that retendering every year costs them staff.",
    ),
    heading("Risks"),
    bullets(
        "People may be released with nowhere to live because the housing referral came too late.",
        "Small providers could withdraw from the market if bidding costs keep rising.",
        "Duplicate assessments waste time that could be spent with the person.",
    ),
    heading("Recommendations"),
    bullets(
        "Prisons should send release dates to the named provider at least four weeks ahead.",
        "Commissioners should agree one regional information sharing template.",
        "Contracts should run for at least three years with a break clause.",
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "Regional Commissioning Workshop 2"}],
    "frame": {
        "event_word": "Workshop",
        "number_style": "digits",
        "date": "2013-05-07",
        "date_precision": "day",
        "venue": "Riverside Conference Centre, Leeds",
    },
    "programme": [],
    "records": {
        "finding": [
            "Most providers receive release dates less than a week before release.",
            "Information sharing agreements differ between every pair of organisations",
            "Participants valued a single named contact in each prison.",
            "One-year contracts leave no time to build relationships with housing teams.",
            "Voluntary sector providers said that retendering every year costs them staff.",
        ],
        "risk": [
            "People may be released with nowhere to live",
            "Small providers could withdraw from the market",
            "Duplicate assessments waste time",
        ],
        "recommendation": [
            "Prisons should send release dates to the named provider",
            "Commissioners should agree one regional information sharing template.",
            "Contracts should run for at least three years with a break clause.",
        ],
    },
}
