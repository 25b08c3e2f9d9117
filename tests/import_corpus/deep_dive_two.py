"""An English county's reducing reoffending board: "Deep Dive 2" with an executive summary, a
date as "Wed 14 Jan 2026", risks in a table rated red, amber and green, recommendations "R1" to
"R6" and questions for the board (held out, round seven)."""

from . import heading, para, table, title

LAYOUT = {
    "text_headings": "numbered",
    "word_headings": "styles",
    "running_header": "Westmoor RRB — Deep Dive 2 — OFFICIAL",
}

PARTS = [
    title("Westmoor Reducing Reoffending Board"),
    title("Deep Dive 2: Accommodation on release from custody"),
    title("Wed 14 Jan 2026 | Committee Room 3, County Hall, Exbury"),
    title("Report author: Priya Chandran, Board Manager, Westmoor County Council"),
    heading("Executive summary"),
    para(
        "This deep dive looked at what happens to people leaving HMP Exbury and HMP Lowfield "
        "without a settled address. Of the 412 people released to Westmoor addresses in the year "
        "to September 2025, 97 left custody homeless or in unsettled accommodation, and 41 of "
        "those were recalled or reconvicted within six months."
    ),
    para(
        "The Board is asked to note the findings in section 3 and the risks in section 4, to "
        "consider the questions in section 6 and to endorse recommendations R1 to R6."
    ),
    heading("How the deep dive was run"),
    para(
        "Board members spent a morning with district housing officers, prison resettlement "
        "staff, two approved premises managers and three people with lived experience of "
        "release. In the afternoon the emerging findings were tested with partners from health "
        "and the voluntary sector."
    ),
    heading("What we found"),
    heading("Referrals arrive too late", level=2),
    para(
        "Housing referrals from custody arrive on average nine days before release, against the "
        "56 days that the statutory guidance expects. Where a resettlement worker met the "
        "housing officer in the prison before release, the person was three times as likely to "
        "have an address on the day."
    ),
    heading("The private rented sector", level=2),
    para(
        "Private landlords in the county will rarely let to someone leaving prison without a "
        "bond, and the council's bond scheme closed in March 2025. Approved premises are full "
        "most weeks, so residents who are ready to move on stay longer than they need to."
    ),
    heading("What people with lived experience told us", level=2),
    para(
        "People with lived experience told the Board that the first night is the hardest. "
        "Several described being released on a Friday afternoon with no appointment until the "
        "Monday."
    ),
    para(
        "Partners were unanimous that a single named contact in each district council would do "
        "more than any new process. There is a danger that the new early release arrangements "
        "will add to the numbers leaving custody with no address at short notice."
    ),
    heading("Risks"),
    para("RAG rating: red — likely and serious; amber — possible; green — in hand."),
    table(
        ["Ref", "Risk", "RAG", "Mitigation"],
        [
            "1",
            "Friday releases continue to leave people without support over the weekend",
            "Red",
            "See R2",
        ],
        [
            "2",
            "The loss of the bond scheme pushes more people into unsupported temporary "
            "accommodation",
            "Red",
            "See R3",
        ],
        [
            "3",
            "Approved premises places stay blocked by residents who are ready to move on",
            "Amber",
            "Regional bed-management meeting",
        ],
        [
            "4",
            "Funding for the two housing navigator posts ends in March 2026",
            "Amber",
            "Bid to the Police and Crime Commissioner",
        ],
        [
            "5",
            "Accommodation at release is not shared between probation and the district councils",
            "Green",
            "See R5",
        ],
    ),
    heading("Recommendations"),
    para(
        "R1 HMPPS and the two prisons to make housing referrals at least 56 days before release "
        "for every person without a settled address."
    ),
    para(
        "R2 The governors of HMP Exbury and HMP Lowfield should end Friday releases for people "
        "assessed as homeless, unless a court orders otherwise."
    ),
    para(
        "R3 Westmoor County Council to reinstate a rent bond scheme for people leaving custody, "
        "funded jointly with the district councils."
    ),
    para(
        "R4 Each district council to name a single housing contact for the prisons and the "
        "probation service by 1 April 2026."
    ),
    para(
        "R5 Probation and the district councils to agree a data-sharing protocol so that "
        "accommodation at release is reported to the Board every quarter."
    ),
    para("R6 The Board to return to accommodation at its July 2026 meeting and review progress."),
    heading("Questions for the Board"),
    para("Should the Board fund the housing navigator posts from its own budget after March 2026?"),
    para(
        "Who should hold the single contact arrangement in districts with no housing options "
        "team of their own?"
    ),
    heading("Next deep dive"),
    para(
        "Deep Dive 3 will look at substance misuse treatment on release. Papers will be "
        "circulated in February."
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "Accommodation on release from custody"}],
    "frame": {
        "series": "Westmoor Reducing Reoffending Board",
        "organisation": "Westmoor County Council",
        "event_word": "Deep Dive",
        "number_style": "digits",
        "date": "2026-01-14",
        "date_precision": "day",
        "venue": "Committee Room 3, County Hall, Exbury",
        "authors": "Priya Chandran",
    },
    "programme": [],
    "records": {
        "finding": [
            "97 left custody homeless or in unsettled accommodation",
            "Housing referrals from custody arrive on average nine days before release",
            "the person was three times as likely to have an address on the day",
            "Private landlords in the county will rarely let to someone leaving prison",
            "Approved premises are full most weeks",
            "the first night is the hardest",
            "a single named contact in each district council would do more than any new process",
        ],
        "risk": [
            "the new early release arrangements will add to the numbers leaving custody",
            "Friday releases continue to leave people without support over the weekend",
            "The loss of the bond scheme pushes more people into unsupported temporary",
            "Approved premises places stay blocked by residents who are ready to move on",
            "Funding for the two housing navigator posts ends in March 2026",
            "Accommodation at release is not shared between probation and the district councils",
        ],
        "recommendation": [
            "HMPPS and the two prisons to make housing referrals at least 56 days before release",
            "should end Friday releases for people assessed as homeless",
            "Westmoor County Council to reinstate a rent bond scheme",
            "Each district council to name a single housing contact",
            "Probation and the district councils to agree a data-sharing protocol",
            "The Board to return to accommodation at its July 2026 meeting",
        ],
        "question": [
            "Should the Board fund the housing navigator posts from its own budget",
            "Who should hold the single contact arrangement in districts",
        ],
    },
    "not_records": [
        "The Board is asked to note the findings in section 3",
        "Deep Dive 3 will look at substance misuse treatment on release",
    ],
}
