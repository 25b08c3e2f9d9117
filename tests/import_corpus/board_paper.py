"""A Scottish community justice partnership's board paper: "Meeting No. 14", a date as
17.3.2026, "Location:", a "Prepared by: … on behalf of …" author line, numbered headings in
text, "Issues for consideration" (risks as labelled bullets, "Capacity: …") and "Proposals"
("That the Board …") (held out, round five)."""

from . import bullets, heading, numbered, para, title

LAYOUT = {"text_headings": "numbered", "running_header": "NCJP Board – Paper 3"}

PARTS = [
    title("Northfell Community Justice Partnership"),
    title("Partnership Board – Meeting No. 14"),
    title("Paper 3: Learning from the review of diversion from prosecution"),
    para("Date of meeting: 17.3.2026"),
    para("Location: Council Chambers, Northfell House, Kilbrannan"),
    para(
        "Prepared by: Morag Lindsay, Community Justice Coordinator, on behalf of the "
        "Partnership's Diversion Working Group"
    ),
    heading("Purpose"),
    para(
        "This paper sets out what the Diversion Working Group learned from its review of "
        "diversion from prosecution in Northfell during 2024–25, and asks the Board to agree "
        "three proposals."
    ),
    heading("Background"),
    para(
        "Diversion allows the procurator fiscal to refer a person to criminal justice social "
        "work for support instead of prosecuting them. Northfell received 212 referrals in "
        "2024–25, up from 150 the year before."
    ),
    heading("What the review found"),
    para(
        "Assessments were completed within the ten working day target in 81% of cases. Young "
        "people aged 16 to 25 made up more than half of all referrals, and more of them "
        "completed their diversion (74%) than older adults did."
    ),
    para(
        "Third sector partners deliver most of the interventions, but they usually hear how a "
        "case ended only by chance. The Partnership cannot at present tell whether people who "
        "were diverted went on to reoffend, because police and social work records are not "
        "linked."
    ),
    heading("Issues for consideration"),
    bullets(
        "Capacity: the justice social work team has absorbed a 40% rise in referrals with no "
        "additional staff. Waiting times are lengthening, and if they pass six weeks the "
        "fiscal is likely to stop referring.",
        "Funding: the third sector contracts end in March 2027, and two providers have said "
        "they will not bid again on one-year terms, which would leave the island and glen "
        "communities with no provider at all.",
        "Women: few women are referred. Some fiscals are unaware that the women's service can "
        "take diversion cases, so women who could be diverted are being prosecuted instead.",
    ),
    heading("Proposals"),
    numbered(
        "That the Partnership funds one additional social worker post for diversion for two "
        "years from April 2026.",
        "That the police division and justice social work agree a data-sharing arrangement so "
        "that the outcomes of diversion can be followed for two years.",
        "That future third sector contracts for diversion run for at least three years.",
        "That the Community Justice Coordinator briefs the fiscal's office on the women's "
        "service before the summer.",
    ),
    heading("Recommendation"),
    para(
        "The Board is asked to note the findings of the review and to agree the proposals in "
        "section 5."
    ),
]

EXPECTED = {
    "events": [{"number": 14, "title": "Learning from the review of diversion from prosecution"}],
    "frame": {
        "series": "Northfell Community Justice Partnership",
        "event_word": "Meeting",
        "number_style": "digits",
        "date": "2026-03-17",
        "date_precision": "day",
        "venue": "Northfell House, Kilbrannan",
        "authors": "Morag Lindsay",
    },
    "programme": [],
    "records": {
        "finding": [
            "Assessments were completed within the ten working day target in 81% of cases",
            "Young people aged 16 to 25 made up more than half of all referrals",
            "they usually hear how a case ended only by chance",
            "The Partnership cannot at present tell whether people who were diverted",
        ],
        "risk": [
            "if they pass six weeks the fiscal is likely to stop referring",
            "two providers have said they will not bid again on one-year terms",
            "so women who could be diverted are being prosecuted instead",
        ],
        "recommendation": [
            "That the Partnership funds one additional social worker post for diversion",
            "That the police division and justice social work agree a data-sharing arrangement",
            "That future third sector contracts for diversion run for at least three years",
            "That the Community Justice Coordinator briefs the fiscal's office",
        ],
    },
    "not_records": ["Date of meeting: 17.3.2026"],
}
