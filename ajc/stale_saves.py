"""No save overwrites another: every admin change page carries the version it was opened at.

The version is a digest of the record's stored values (for a session, that includes its
revision, which every edit to its items and parts moves on). On save, the record is read again
under a row lock (``select_for_update``, inside the admin's transaction), so of two saves made
from the same version at the same moment, the second waits for the first and then sees that the
version has moved: it is refused with a message that says who saved and when, and the form comes
back with everything that was typed. SQLite has no row locks; it allows one writer at a time.
"""

import hashlib
import json

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.utils import timezone
from django.utils.formats import date_format, time_format

FIELD = "opened_version"


def stored_version(model, pk, *, lock=False) -> str | None:
    """A digest of the row's stored values, or None if it is gone."""
    names = [field.attname for field in model._meta.concrete_fields if not field.generated]
    rows = model._base_manager.filter(pk=pk)
    if lock:
        rows = rows.select_for_update()
    values = rows.values(*names).first()
    if values is None:
        return None
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def who_saved(instance) -> str:
    """'Jo Bloggs saved it at 14:02 on 3 December 2026', from its history where it has one."""
    history = getattr(type(instance), "history", None)
    latest = history.filter(id=instance.pk).order_by("-history_date").first() if history else None
    if latest is None:
        return "Someone else saved it after you opened it"
    when = timezone.localtime(latest.history_date)
    who = latest.history_user.get_username() if latest.history_user else "Someone else"
    return f"{who} saved it at {time_format(when, 'H:i')} on {date_format(when, 'j F Y')}"


class StaleSaveGuard(forms.ModelForm):
    """A ModelForm that refuses to save over a version it was not opened at."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields[FIELD].initial = stored_version(type(self.instance), self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = stored_version(type(self.instance), self.instance.pk, lock=True)
            if current is not None and cleaned.get(FIELD) != current:
                raise forms.ValidationError(
                    f"{who_saved(self.instance)}, after you opened this page, so your changes "
                    "have not been saved. Everything you typed is still below: copy what you "
                    "need, then open the page again to see their changes and add yours.",
                    code="edit_conflict",
                )
        return cleaned


class StaleSaveGuardAdmin:
    """ModelAdmin mixin: its form is a StaleSaveGuard and the version travels with the page."""

    form = StaleSaveGuard

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], FIELD]}), *rest]
