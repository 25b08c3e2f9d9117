"""The frame of an imported session, edited in place on the review page (issue 24, point 5):
series, event word, number and title, date, venue, organisation, authors. A form per session;
one that does not validate is shown again with what was typed and what is wrong."""

import datetime

from django import forms
from django.db import transaction

from sessions.edits import content_changed
from sessions.models import Session

from .titleblock import find_date

WEEKDAYS = {"", *(datetime.date(2024, 1, d).strftime("%A").lower() for d in range(1, 8))}
DATE_HELP = "As the report gives it: “24 November 2011”, “24/11/2011” or “November 2011”."


class FrameForm(forms.Form):
    series = forms.CharField(
        label="Series or group",
        max_length=200,
        help_text="The series as the title block names it (shared by the group's sessions).",
    )
    event_word = forms.CharField(
        label="Event word", max_length=40, help_text="“Seminar”, “Workshop”, “Round Table” …"
    )
    number = forms.IntegerField(label="Number", min_value=1, max_value=999)
    subject = forms.CharField(label="Title", max_length=300)
    date = forms.CharField(label="Date", max_length=60, required=False, help_text=DATE_HELP)
    venue = forms.CharField(label="Venue", max_length=200, required=False)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    authors = forms.CharField(
        label="Authors",
        max_length=300,
        required=False,
        help_text="“Name (Affiliation); Name (Affiliation)”, as the report names them.",
    )

    def __init__(self, *args, session: Session, **kwargs):
        self.session = session
        kwargs.setdefault("initial", initial_frame(session))
        super().__init__(*args, prefix=f"frame-{session.pk}", **kwargs)

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Session.objects.filter(group=self.session.group, number=number).exclude(
            pk=self.session.pk
        )
        if taken.exists():
            raise forms.ValidationError(
                f"The group already has a session numbered {number}: choose another number."
            )
        return number

    def clean_date(self):
        text = self.cleaned_data["date"].strip()
        if not text:
            return {}
        found = find_date(text)
        rest = text.replace(found.get("date_text", ""), "", 1) if found else text
        if not found or rest.strip(" ,.").lower() not in WEEKDAYS:
            raise forms.ValidationError(f"“{text}” is not a date this can read. {DATE_HELP}")
        return found


def initial_frame(session: Session) -> dict:
    group = session.group
    return {
        "series": group.series_title or group.name,
        "event_word": group.event_word,
        "number": session.number,
        "subject": session.heading_subject or session.subject,
        "date": session.date_display if session.date else "",
        "venue": session.venue or session.location,
        "organisation": group.organisation,
        "authors": session.authors,
    }


@transaction.atomic
def save_frame(form: FrameForm) -> Session:
    """Write the frame a valid form holds onto its session and group, then what an edit causes."""
    data = form.cleaned_data
    session = Session.objects.select_for_update().get(pk=form.session.pk)
    group = session.group
    group.series_title = data["series"]
    group.event_word = data["event_word"]
    group.organisation = data["organisation"]
    group.save(update_fields=["series_title", "event_word", "organisation"])
    session.number = data["number"]
    session.subject = data["subject"]
    session.heading_subject = ""
    session.venue = data["venue"]
    session.authors = data["authors"]
    found = data["date"]
    session.date = datetime.date.fromisoformat(found["date"]) if found else None
    session.date_precision = found.get("date_precision", Session.DatePrecision.DAY)
    session.save()
    content_changed([s.pk for s in group.sessions.all()])
    return session
