"""A webinar write-up in Wales: numbered paragraphs (1.1, 1.2 …) under numbered headings set in
bold, a date as "Tues 3rd Feb '26", a programme of time ranges with each speaker on the next
line, "Questions from the floor", and a "Prepared by: … on behalf of …" line at the end
(held out, round five)."""

from . import heading, para, title

LAYOUT = {"text_headings": "plain", "word_headings": "bold", "running_header": "Webinar 3 note"}

PARTS = [
    title("Pont Justice Partnership"),
    title("Gwent and Glamorgan Resettlement Network"),
    title("Webinar 3: Accommodation on release – what works in Wales?"),
    title("Tues 3rd Feb '26, 10:00–11:30"),
    heading("1. Introduction"),
    para(
        "1.1 This note summarises the third webinar of the Gwent and Glamorgan Resettlement "
        "Network. Fifty-eight people joined, from local authority housing teams, probation "
        "delivery units, third sector providers and the Welsh Government's housing division."
    ),
    para(
        "1.2 The webinar was hosted from Tŷ Pont, Cardiff Bay, and broadcast to participants "
        "online; the recording is available to Network members on request."
    ),
    heading("2. Programme"),
    para("10:00–10:10 Welcome and housekeeping"),
    para("Owain Bevan, Network Chair"),
    para("10:10–10:35 The Housing (Wales) Act and people leaving prison"),
    para("Dr Rhodri Price, Dyfnant Centre for Housing Research"),
    para("10:35–11:00 A view from the probation delivery unit"),
    para("Siân Mathias, Head of Resettlement, Taf Ely Probation Delivery Unit"),
    para("11:00–11:30 Questions from the floor"),
    heading("3. What we heard"),
    para(
        "3.1 Dr Price explained that people leaving prison in Wales are no longer automatically "
        "in priority need, and that the twenty-two local authorities apply the prevention duty "
        "in very different ways."
    ),
    para(
        "3.2 In the last year around one in five prison leavers in the Network's area were "
        "released without settled accommodation, most of them to the two largest towns."
    ),
    para(
        "3.3 Siân Mathias described the Taf Ely release-ready panel, which meets twelve weeks "
        "before release and has halved the number of housing referrals made on the day of "
        "release."
    ),
    para(
        "3.4 Referrals for people with no clear local connection are passed from one council "
        "to the next, and the release date often comes and goes before anyone accepts the case. "
        "There is a danger that the panel becomes another meeting that probation attends and "
        "housing does not."
    ),
    heading("4. Questions from the floor"),
    para(
        "4.1 Who holds the duty when someone has no local connection anywhere in Wales? The "
        "speakers agreed that the guidance is silent on this."
    ),
    para(
        "4.2 Will the panel survive the end of its grant in March? Nobody could say. Several "
        "participants worried that short-term grants mean good schemes close just as they "
        "begin to work."
    ),
    para(
        "4.3 A participant from a women's service pointed out that women are often released "
        "far from home, which leaves them at particular risk of sleeping rough in their first "
        "week out."
    ),
    heading("5. Points for the Network"),
    para(
        "5.1 The Network should ask the Welsh Government to fund a named housing officer in "
        "every prison that releases people into Wales."
    ),
    para(
        "5.2 Councils would benefit from a shared protocol on local connection for prison "
        "leavers, and we would urge the Network's housing leads to draft one before the summer."
    ),
    para(
        "5.3 Commissioners would do well to fund release-ready panels for three years rather "
        "than one."
    ),
    para(
        "Prepared by: Elin Rowlands, Policy Officer, on behalf of the Network's steering group, "
        "10 February 2026."
    ),
]

EXPECTED = {
    "events": [{"number": 3, "title": "Accommodation on release"}],
    "frame": {
        "series": "Gwent and Glamorgan Resettlement Network",
        "organisation": "Pont Justice Partnership",
        "event_word": "Webinar",
        "number_style": "digits",
        "date": "2026-02-03",
        "date_precision": "day",
        "venue": "Tŷ Pont, Cardiff Bay",
        "authors": "Elin Rowlands",
    },
    "programme": [
        ("10:00–10:10", "Welcome and housekeeping", ["Owain Bevan"]),
        ("10:10–10:35", "The Housing (Wales) Act and people leaving prison", ["Dr Rhodri Price"]),
        ("10:35–11:00", "A view from the probation delivery unit", ["Siân Mathias"]),
        ("11:00–11:30", "Questions from the floor", []),
    ],
    "records": {
        "finding": [
            "people leaving prison in Wales are no longer automatically in priority need",
            "around one in five prison leavers in the Network's area were released without",
            "has halved the number of housing referrals made on the day of release",
            "the guidance is silent on this",
        ],
        "risk": [
            "Referrals for people with no clear local connection are passed from one council",
            "There is a danger that the panel becomes another meeting",
            "short-term grants mean good schemes close just as they begin to work",
            "which leaves them at particular risk of sleeping rough in their first week out",
        ],
        "recommendation": [
            "The Network should ask the Welsh Government to fund a named housing officer",
            "we would urge the Network's housing leads to draft one before the summer",
            "Commissioners would do well to fund release-ready panels for three years",
        ],
        "question": [
            "Who holds the duty when someone has no local connection anywhere in Wales?",
            "Will the panel survive the end of its grant in March?",
        ],
    },
    "not_records": ["Fifty-eight people joined"],
}
