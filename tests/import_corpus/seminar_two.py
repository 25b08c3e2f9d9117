"""Another series' seminar: numeric date, a programme as time-led lines, bold one-line headings
in Word, and text wrapped at 72 columns."""

from . import heading, para, title

LAYOUT = {"word_headings": "bold", "wrap": 72, "running_header": "Local Justice Network"}

PARTS = [
    title("Local Justice Network"),
    title("Seminar Two – Courts Closer to Home"),
    title("15/03/2012, Guildhall Chambers, Wessington"),
    title("Report by Sara Quint, Wessex Justice Forum"),
    heading("Programme"),
    para("09.30 Registration and coffee"),
    para("10.00 The case for local justice – Sara Quint, Chair, Wessex Justice Forum"),
    para("10.45 Problem-solving courts abroad – Dr Owen Reese, Lecturer, Wessington College"),
    para("11.30 Questions and discussion"),
    heading("What the day covered"),
    para(
        "The seminar looked at moving some hearings out of large court centres and into town "
        "halls and libraries, so that victims and defendants travel less."
    ),
    heading("Access and travel"),
    para(
        "Many of those present felt that travel time is an unseen barrier to justice for people "
        "on low incomes. A hearing forty miles away can cost a day's wages."
    ),
    para(
        "Court staff explained that remote buildings are hard to make secure. Closing a local "
        "venue at short notice would leave witnesses without support on the day."
    ),
    heading("Problem-solving approaches"),
    para(
        "Examples from abroad showed judges reviewing the same person's progress every month. "
        "The group agreed that continuity of judge mattered more than the building."
    ),
    para(
        "It was recommended that the ministry should fund two pilot local hearing centres and "
        "evaluate them against travel times and attendance."
    ),
    para(
        "Magistrates must be trained before they take on review hearings, or the reviews will "
        "become a formality."
    ),
]

EXPECTED = {
    "events": [{"number": 2, "title": "Courts Closer to Home"}],
    "frame": {
        "series": "Local Justice Network",
        "event_word": "Seminar",
        "number_style": "words",
        "date": "2012-03-15",
        "date_precision": "day",
        "venue": "Guildhall Chambers, Wessington",
        "authors": ["Sara Quint"],
        "affiliations": ["Wessex Justice Forum"],
    },
    "programme": [
        ("09.30", "Registration and coffee", []),
        ("10.00", "The case for local justice", ["Sara Quint"]),
        ("10.45", "Problem-solving courts abroad", ["Dr Owen Reese"]),
        ("11.30", "Questions and discussion", []),
    ],
    "records": {
        "finding": [
            "Many of those present felt that travel time is an unseen barrier",
            "Court staff explained that remote buildings are hard to make secure.",
            "Examples from abroad showed judges reviewing the same person's progress",
            "It was recommended that the ministry should fund two pilot local hearing centres",
            "Magistrates must be trained before they take on review hearings",
        ],
        "risk": [
            "Closing a local venue at short notice would leave witnesses without support",
            "travel time is an unseen barrier to justice",
        ],
        "recommendation": [
            "the ministry should fund two pilot local hearing centres",
            "Magistrates must be trained before they take on review hearings",
        ],
    },
}
