"""A report of two events, each under its own heading with its own date and place."""

from . import bullets, heading, para, title

LAYOUT = {"running_header": "Women's Justice Round Tables"}

PARTS = [
    title("Women's Justice Round Tables"),
    title("Report of Round Tables 1 and 2"),
    title("Authors: Dr Priya Nair (Centre for Gender and Justice)"),
    heading("Round Table 1: Gender-Responsive Services"),
    para("Held on 3 February 2015 at the Friends Meeting House, Manchester."),
    para(
        "Participants described women's centres that offer probation appointments, childcare "
        "and counselling under one roof. The group was unanimous that these centres reach women "
        "whom traditional offices do not."
    ),
    para(
        "Funding for women's centres is usually for one year at a time. Several centres could "
        "close within months if grants are not renewed."
    ),
    bullets(
        "Commissioners should fund women's centres for at least three years.",
        "Probation staff should be trained in trauma-informed practice.",
    ),
    heading("Round Table 2: Community Alternatives to Custody"),
    para("Held on 17 March 2015 at the Temple of Peace, Cardiff."),
    para(
        "Sentencers said they lack confidence in community orders for women with children. "
        "Some of the group felt that short prison sentences do lasting harm to families."
    ),
    para(
        "There is a danger that new community orders are used instead of fines rather than "
        "instead of custody."
    ),
    bullets(
        "Courts should receive a written report on the community options for every woman "
        "facing a short sentence.",
    ),
]

EXPECTED = {
    "events": [
        {"number": 1, "title": "Gender-Responsive Services"},
        {"number": 2, "title": "Community Alternatives to Custody"},
    ],
    "frame": {
        "series": "Women's Justice Round Tables",
        "event_word": "Round Table",
        "number_style": "digits",
        "authors": ["Dr Priya Nair"],
        "affiliations": ["Centre for Gender and Justice"],
    },
    "event_frames": [
        {"date": "2015-02-03", "venue": "Friends Meeting House, Manchester"},
        {"date": "2015-03-17", "venue": "Temple of Peace, Cardiff"},
    ],
    "programme": [],
    "records": {
        "finding": [
            "Participants described women's centres that offer probation appointments",
            "Funding for women's centres is usually for one year at a time.",
            "Sentencers said they lack confidence in community orders",
            "There is a danger that new community orders are used instead of fines",
        ],
        "risk": [
            "Several centres could close within months",
            "There is a danger that new community orders are used instead of fines",
        ],
        "recommendation": [
            "Commissioners should fund women's centres for at least three years.",
            "Probation staff should be trained in trauma-informed practice.",
            "Courts should receive a written report on the community options",
        ],
    },
}
