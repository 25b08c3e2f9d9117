"""Short email-style notes of a meeting: an email header (sent the day after), the meeting's
number as an ordinal, a date as 2/2/2021, bold item headings in Word, "Agreed:", "Action:" and
"Concern raised that …" lines (held out, round four)."""

from . import heading, para, title

LAYOUT = {"text_headings": "plain", "word_headings": "bold", "running_header": ""}

PARTS = [
    title("Kirkby Vale Probation and Housing Liaison Group"),
    para("From: Liaison group secretary"),
    para("Sent: 3 February 2021 09:12"),
    para("To: Group members"),
    para("Subject: Notes of yesterday's meeting"),
    para("Hi all,"),
    para(
        "Notes of the 7th meeting of the Kirkby Vale Probation and Housing Liaison Group, held "
        "on 2/2/2021 at Kirkby Vale Civic Centre, Committee Room 2, are below. Please send any "
        "corrections by Friday."
    ),
    para(
        "Present: housing options (chair, two officers), probation (three practitioners), two "
        "supported housing providers, the prison's resettlement team."
    ),
    heading("1. Releases since the last meeting"),
    para(
        "Probation reported 41 releases to the borough since November, of whom nine had no "
        "address on the day of release."
    ),
    para(
        "Concern raised that people leaving custody on a Friday are being placed in hotels "
        "outside the borough with no support until Monday."
    ),
    para(
        "Agreed: probation to send duty to refer notifications at least 56 days before release "
        "wherever the release date is known."
    ),
    heading("2. Duty to refer"),
    para(
        "Housing said referrals still often arrive on the day of release. Concern raised that "
        "the duty is being treated as a form to fill in rather than the start of a plan."
    ),
    para("Agreed: housing options to hold a weekly appointment slot for probation cases."),
    heading("3. Supported housing"),
    para(
        "One provider said its hostel will close in June if the council's grant is not renewed, "
        "taking twelve beds out of the borough."
    ),
    para(
        "Members noted that the landlord incentive scheme has found nine tenancies since "
        "September, all still running."
    ),
    para(
        "Action: chair to write to the council's cabinet member about the hostel grant before "
        "the budget meeting."
    ),
    heading("4. Any other business"),
    para("Date of next meeting: 6 April 2021, same venue."),
    para("Thanks, Liaison group secretary"),
]

EXPECTED = {
    "events": [{"number": 7, "title": "Kirkby Vale Probation and Housing Liaison Group"}],
    "frame": {
        "series": "Kirkby Vale Probation and Housing Liaison Group",
        "event_word": "Meeting",
        "number_style": "digits",
        "date": "2021-02-02",
        "date_precision": "day",
        "venue": "Kirkby Vale Civic Centre",
    },
    "programme": [],
    "records": {
        "finding": [
            "Probation reported 41 releases to the borough since November",
            "Members noted that the landlord incentive scheme has found nine tenancies",
        ],
        "risk": [
            "Concern raised that people leaving custody on a Friday are being placed in hotels",
            "Concern raised that the duty is being treated as a form to fill in",
            "its hostel will close in June if the council's grant is not renewed",
        ],
        "recommendation": [
            "probation to send duty to refer notifications at least 56 days before release",
            "housing options to hold a weekly appointment slot for probation cases",
            "chair to write to the council's cabinet member about the hostel grant",
        ],
    },
    "not_records": ["Present: housing options (chair, two officers)"],
}
