"""A joint report of two workshops of one series held on different dates in different cities: a
shared introduction, a table of where and when, each workshop's findings under its own heading
(dates written two ways), then risks and recommendations drawn from both (held out, round
seven)."""

from . import bullets, heading, numbered, para, table, title

LAYOUT = {
    "text_headings": "numbered",
    "word_headings": "styles",
    "running_header": "RPN regional workshops 5 and 6: joint report",
    "wrap": 80,
    "bullet": "* ",
}

PARTS = [
    title("Restorative Practice Network"),
    title("Regional Workshops 5 and 6 — joint report"),
    title("Compiled by Bethan Lloyd and Ifeoma Nwosu"),
    heading("Introduction"),
    para(
        "The Restorative Practice Network runs regional workshops for people who use "
        "restorative approaches with children in care and in trouble with the law. This report "
        "brings together the fifth and sixth workshops, which were held two months apart at "
        "opposite ends of the country but asked closely related questions. We have written them "
        "up together because members at both asked for a single set of recommendations."
    ),
    table(
        ["Workshop", "Subject", "Where", "When"],
        [
            "5",
            "Restorative approaches in children's homes",
            "Tullie Court Conference Centre, Carlisle",
            "Friday 3rd October 2025",
        ],
        [
            "6",
            "Restorative approaches with police in schools",
            "Lemon Quay Rooms, Truro",
            "28/11/2025",
        ],
    ),
    para(
        "Twenty-eight people came to Carlisle and thirty-one to Truro: residential care "
        "staff, youth justice workers, police officers, teachers and two young people's "
        "advocates."
    ),
    heading("Workshop 5: Restorative approaches in children's homes (Carlisle)"),
    para(
        "Residential staff described how a broken window or a scuffle between residents can "
        "lead to a police call-out and, too often, a criminal record. Homes that had trained "
        "all their staff in restorative conversations reported roughly half as many police "
        "call-outs as homes that had not."
    ),
    para(
        "There was clear agreement that training a single champion in each home is not enough, "
        "because night staff and agency workers handle many of the incidents. Some participants "
        "felt that private providers have less reason to invest in training because their "
        "staff turnover is so high."
    ),
    bullets(
        "Young people said a restorative meeting felt fair when they chose who came with them.",
        "Police officers welcomed a written protocol that tells them when a home will deal with "
        "an incident itself.",
    ),
    heading("Workshop 6: Restorative approaches with police in schools (Truro)"),
    para(
        "Teachers and school-based officers agreed that a restorative approach works best when "
        "the officer is known to pupils before anything goes wrong. Schools in the county "
        "where officers ran weekly drop-ins had far fewer incidents passed to the youth justice "
        "service."
    ),
    para(
        "Most participants thought that a restorative meeting is rarely offered to the victim "
        "when the harm happened online. Youth justice workers noted that exclusions often "
        "follow a police referral even when the harm has been repaired."
    ),
    heading("Risks we heard at both workshops"),
    bullets(
        "Children in care may still be criminalised for behaviour that would be handled at "
        "home in any other family.",
        "Restorative work may be seen as a soft option and dropped when budgets are cut.",
        "Victims could feel pressured into meetings they do not want.",
    ),
    heading("Recommendations"),
    numbered(
        "Local authorities and private providers should train every member of staff in "
        "children's homes, including night and agency staff, in restorative conversations.",
        "Each police force should agree a written protocol with the children's homes in its "
        "area on which incidents need police involvement.",
        "Schools should consider a restorative meeting before any exclusion that follows a "
        "police referral.",
        "The Network should publish guidance on offering restorative meetings after online harm.",
    ),
    heading("What next"),
    para(
        "Workshop 7 will be held in Leicester in the spring. Members who would like to host a "
        "future workshop should contact the Network's coordinator."
    ),
]

EXPECTED = {
    "events": [
        {"number": 5, "title": "Restorative approaches in children's homes"},
        {"number": 6, "title": "Restorative approaches with police in schools"},
    ],
    "frame": {
        "series": "Regional Workshops",
        "organisation": "Restorative Practice Network",
        "event_word": "Workshop",
        "number_style": "digits",
        "date": "2025-10-03",
        "date_precision": "day",
        "venue": "Tullie Court Conference Centre",
        "authors": ["Bethan Lloyd", "Ifeoma Nwosu"],
    },
    "event_frames": [
        {"date": "2025-10-03", "venue": "Tullie Court Conference Centre, Carlisle"},
        {"date": "2025-11-28", "venue": "Lemon Quay Rooms, Truro"},
    ],
    "programme": [],
    "records": {
        "finding": [
            "a broken window or a scuffle between residents can lead to a police call-out",
            "reported roughly half as many police call-outs as homes that had not",
            "training a single champion in each home is not enough",
            "private providers have less reason to invest in training",
            "a restorative meeting felt fair when they chose who came with them",
            "Police officers welcomed a written protocol",
            "a restorative approach works best when the officer is known to pupils",
            "where officers ran weekly drop-ins had far fewer incidents",
            "a restorative meeting is rarely offered to the victim when the harm happened online",
            "exclusions often follow a police referral even when the harm has been repaired",
        ],
        "risk": [
            "Children in care may still be criminalised for behaviour",
            "Restorative work may be seen as a soft option",
            "Victims could feel pressured into meetings they do not want",
        ],
        "recommendation": [
            "should train every member of staff in children's homes",
            "Each police force should agree a written protocol with the children's homes",
            "Schools should consider a restorative meeting before any exclusion",
            "The Network should publish guidance on offering restorative meetings",
        ],
    },
    "not_records": [
        "Workshop 7 will be held in Leicester in the spring",
        "Twenty-eight people came to Carlisle and thirty-one to Truro",
    ],
}
