"""A probation region's practice forum minutes: a date as "20.11.25", attendance by organisation,
numbered agenda items with "Agreed:" and "Action:" lines, concerns noted in the discussion, an
"AOB" item and the date of the next meeting (held out, round seven)."""

from . import heading, para, title

LAYOUT = {
    "text_headings": "underlined",
    "word_headings": "bold",
    "running_header": "Practice Forum minutes — not for wider circulation until agreed",
}

PARTS = [
    title("Probation Service — North East Region"),
    title("PRACTICE FORUM"),
    title("Minutes of meeting no. 9, held 20.11.25, 10:00–12:30, Grainger House, Newcastle"),
    title("Theme: Supervising people on licence who use drugs"),
    heading("Attendance"),
    para(
        "Probation Service (Tyneside, Wearside and Teesside delivery units): 7. Northern "
        "Recovery Partnership: 2. Northumbria Police integrated offender management: 1. "
        "Regional health and justice commissioning team: 1. Apologies: Durham delivery unit, "
        "Changing Lives."
    ),
    para("Chair: Regional Head of Practice. Minutes: Callum Rees."),
    heading("1. Minutes of the last meeting and matters arising"),
    para("The minutes of meeting no. 8 were accepted as accurate. All actions were complete."),
    heading("2. Drug testing on licence"),
    para(
        "The forum heard that drug testing conditions are added to licences in about a third of "
        "cases where drug use was linked to the offence. Practitioners said that a positive test "
        "is more often treated as a breach than as a reason to refer to treatment. The treatment "
        "provider reported that people referred within a week of release were twice as likely "
        "to start treatment as those referred later."
    ),
    para(
        "Concern was raised that the new testing contract will close the two walk-in testing "
        "sites, leaving people in rural Northumberland with a round trip of up to three hours."
    ),
    para(
        "Agreed: the forum will ask the regional director to make referral to treatment the "
        "expected response to a first positive test."
    ),
    para(
        "Action: Northern Recovery Partnership to share monthly figures on referrals from "
        "probation with each delivery unit."
    ),
    heading("3. Continuity of care from prison"),
    para(
        "Members agreed that continuity of care from prison to community treatment is the "
        "weakest point in the system. Fewer than half of the people released on opioid "
        "substitution therapy were seen by a community prescriber within five days. Staff in "
        "prisons often do not know which community service a person will be released to."
    ),
    para(
        "There is a risk that people who miss their first prescribing appointment will turn to "
        "street drugs, with an overdose risk that is highest in the first fortnight after "
        "release."
    ),
    para(
        "Agreed: each delivery unit to nominate a continuity of care lead who will check, on the "
        "day of release, that a community appointment is booked."
    ),
    para(
        "Action: health and justice commissioning team to raise the prescriber waiting times "
        "with the integrated care board."
    ),
    para(
        "Action: all delivery units to make naloxone training part of induction for new "
        "probation officers by March."
    ),
    heading("4. Practitioner confidence"),
    para(
        "A short survey of 58 practitioners found that most felt confident talking about alcohol "
        "but far fewer felt confident talking about synthetic cannabinoids. Newly qualified "
        "officers said they learn most from shadowing treatment workers."
    ),
    para(
        "Members were concerned that the loss of the drug intervention workers in custody "
        "suites means fewer people are identified early."
    ),
    para(
        "Agreed: a shadowing day with the treatment provider should be offered to every newly "
        "qualified officer in their first year."
    ),
    heading("5. AOB"),
    para(
        "The regional drug strategy consultation closes on 12.12.25. Members are encouraged to "
        "respond individually."
    ),
    para("Action: Secretariat to circulate the consultation link with these minutes."),
    heading("Date of next meeting"),
    para("Meeting no. 10: 19.02.26, 10:00, Grainger House."),
]

EXPECTED = {
    "events": [{"number": 9, "title": "Supervising people on licence who use drugs"}],
    "frame": {
        "series": "Practice Forum",
        "organisation": "Probation Service — North East Region",
        "event_word": "meeting",
        "number_style": "digits",
        "date": "2025-11-20",
        "date_precision": "day",
        "venue": "Grainger House, Newcastle",
        "authors": "Callum Rees",
    },
    "programme": [],
    "records": {
        "finding": [
            "drug testing conditions are added to licences in about a third of cases",
            "a positive test is more often treated as a breach than as a reason to refer",
            "people referred within a week of release were twice as likely to start treatment",
            "continuity of care from prison to community treatment is the weakest point",
            "Fewer than half of the people released on opioid substitution therapy were seen",
            "Staff in prisons often do not know which community service a person will be",
            "most felt confident talking about alcohol",
            "Newly qualified officers said they learn most from shadowing treatment workers",
        ],
        "risk": [
            "the new testing contract will close the two walk-in testing sites",
            "people who miss their first prescribing appointment will turn to street drugs",
            "the loss of the drug intervention workers in custody suites means fewer people",
        ],
        "recommendation": [
            "the forum will ask the regional director to make referral to treatment the expected",
            "Northern Recovery Partnership to share monthly figures on referrals",
            "each delivery unit to nominate a continuity of care lead",
            "health and justice commissioning team to raise the prescriber waiting times",
            "all delivery units to make naloxone training part of induction",
            "a shadowing day with the treatment provider should be offered",
        ],
    },
    "not_records": [
        "The minutes of meeting no. 8 were accepted as accurate",
        "Secretariat to circulate the consultation link with these minutes",
        "The regional drug strategy consultation closes on 12.12.25",
    ],
}
