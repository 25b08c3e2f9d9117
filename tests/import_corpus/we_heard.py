"""A workshop written up in the first person plural throughout ("We heard …", "We worry …",
"We think the council should …"), its number in words, its date in words ("the twelfth of May
2025"), the authors and their organisation in a sentence, and a questions-and-answers section
(held out, round six)."""

from . import bullets, heading, para, title

LAYOUT = {"text_headings": "plain", "word_headings": "bold", "running_header": "", "wrap": 78}

PARTS = [
    title("Reducing Reoffending Learning Network"),
    title("Workshop Five: Women on short sentences"),
    para(
        "The fifth workshop of the Reducing Reoffending Learning Network took place on the "
        "twelfth of May 2025 at Fernbridge Friends' Meeting House. The network is run by the "
        "Hallam Justice Trust for commissioners and providers in the north of the county."
    ),
    para(
        "Written up by Priya Sandhu and Tom Aldous of the Fernbridge Women's Justice Collective, "
        "who facilitated on the day."
    ),
    heading("What we did"),
    para(
        "Nineteen of us took part: eight from the voluntary sector, six from the council and the "
        "probation service, three from health and two women with experience of custody, who "
        "were paid for their time. We spent the morning hearing from the two women and the "
        "afternoon in three small groups."
    ),
    heading("What we heard"),
    para(
        "We heard that both women had lost their tenancy while serving sentences of under six "
        "months, and that each spent her first night after release in a hostel forty miles from "
        "her children. We heard, too, that the women's centre in Fernbridge sees fewer than a "
        "third of the women released to the area, because nobody tells it when they are due out."
    ),
    para(
        "Most of us were struck by how little the sentence itself achieved. Several of us had "
        "assumed that a short sentence at least brings contact with drug services, but we "
        "learned that neither woman was seen by one in custody."
    ),
    heading("What worries us"),
    para(
        "We worry that the closure of the day centre in Eastholme this summer will leave women "
        "with nowhere to go on the day they are released. We are also uneasy that women leave "
        "custody with three days of medication and no appointment with a GP."
    ),
    para(
        "If courts keep sentencing without a pre-sentence report, more women will go to prison "
        "for offences that could be dealt with in the community, and their children will go "
        "into care."
    ),
    heading("What we think should happen"),
    bullets(
        "We think the council should keep a woman's tenancy open for the length of any "
        "sentence under six months.",
        "We would like the probation service to prepare a pre-sentence report for every woman "
        "facing a custodial sentence.",
        "We ask commissioners to fund the women's centre to meet women at the prison gate.",
        "Health commissioners need to make sure every woman leaves custody with a GP "
        "appointment already booked.",
    ),
    heading("Your questions answered"),
    para("Q. Does the women's centre take self-referrals?"),
    para("A. Yes: on Tuesday and Thursday mornings, without an appointment."),
    para("Q. Who pays for the women's time when they speak at events like this one?"),
    para("A. The network does, at the trust's standard rate, and travel on top."),
    para(
        "Thank you to everyone who came. The sixth workshop will be in the autumn; the date is "
        "still to be fixed."
    ),
]

EXPECTED = {
    "events": [{"number": 5, "title": "Women on short sentences"}],
    "frame": {
        "series": "Reducing Reoffending Learning Network",
        "organisation": "Hallam Justice Trust",
        "event_word": "Workshop",
        "number_style": "words",
        "date": "2025-05-12",
        "date_precision": "day",
        "venue": "Fernbridge Friends' Meeting House",
        "authors": ["Priya Sandhu", "Tom Aldous"],
        "affiliations": "Fernbridge Women's Justice Collective",
    },
    "programme": [],
    "records": {
        "finding": [
            "both women had lost their tenancy while serving sentences of under six months",
            "the women's centre in Fernbridge sees fewer than a third of the women released",
            "Most of us were struck by how little the sentence itself achieved",
            "neither woman was seen by one in custody",
        ],
        "risk": [
            "the closure of the day centre in Eastholme this summer will leave women with nowhere",
            "women leave custody with three days of medication and no appointment with a GP",
            "more women will go to prison for offences that could be dealt with in the community",
        ],
        "recommendation": [
            "We think the council should keep a woman's tenancy open",
            "the probation service to prepare a pre-sentence report for every woman",
            "We ask commissioners to fund the women's centre to meet women at the prison gate",
            "Health commissioners need to make sure every woman leaves custody with a GP",
        ],
        "question": [
            "Does the women's centre take self-referrals?",
            "Who pays for the women's time when they speak at events like this one?",
        ],
    },
    "not_records": ["Nineteen of us took part"],
}
