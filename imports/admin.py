"""Upload a report, then review what the import proposed beside the document's text."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from ajc.ids import as_id
from ajc.visibility import PUBLISH_PERMISSION
from sessions.models import LearningGroup

from . import review
from .document import MAX_BYTES, ImportRefused, detect_format, read_document
from .frame_form import FrameForm, save_frame
from .models import ImportedReport, Proposal, ProposedFigure
from .similar import similar_items
from .tasks import import_report, sweep_stale_imports

# Larger files are read by the background worker; smaller ones are checked while uploading.
READ_WHILE_UPLOADING_BYTES = 512 * 1024


class UploadForm(forms.ModelForm):
    upload = forms.FileField(
        label="Report", help_text="A Word (.docx), PDF (with text), text (.txt) or Markdown file."
    )
    group = forms.ModelChoiceField(
        LearningGroup.objects.all(), required=False, help_text="Or name a new group below."
    )

    class Meta:
        model = ImportedReport
        fields = ["group", "new_group_name"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if not cleaned.get("group") and not cleaned.get("new_group_name", "").strip():
            raise forms.ValidationError("Choose the learning group, or name a new one.")
        if upload is None:
            return cleaned
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the largest report that can "
                f"be imported is {MAX_BYTES // 1024 // 1024} MB."
            )
        data = upload.read()
        upload.seek(0)
        try:
            if upload.size <= READ_WHILE_UPLOADING_BYTES:
                read_document(data, upload.name)
            else:
                detect_format(data, upload.name)
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return cleaned


NOT_FOUND = "Not found in the document"


def frame_rows(session) -> list[tuple[str, str]]:
    """The frame the import found for a session, field by field; what the document does not
    state is said to be not found (nothing is made up)."""
    group = session.group
    programme = list(session.programme.prefetch_related("speakers"))
    speakers = sum(len(row.speakers.all()) for row in programme)
    return [
        ("Series", group.series_title or group.name),
        ("Event", f"{session.event_name}: {session.heading_subject or session.subject}"),
        ("Date", session.date_display if session.date else NOT_FOUND),
        ("Venue", session.venue or session.location or NOT_FOUND),
        ("Organisation", group.organisation or NOT_FOUND),
        ("Authors", session.authors or NOT_FOUND),
        (
            "Programme",
            f"{len(programme)} row(s), {speakers} speaker(s)" if programme else NOT_FOUND,
        ),
    ]


def publish_summary(proposals) -> str:
    """What publishing will make public, in the group's words, as decided so far."""
    accepted = [p for p in proposals if p.decision == Proposal.Decision.ACCEPTED]
    counts = [
        f"{sum(p.kind == kind for p in accepted)} {label}"
        for kind, label in (
            ("finding", "learning point(s)"),
            ("risk", "risk(s)"),
            ("recommendation", "recommendation(s)"),
            ("question", "question(s) raised"),
        )
    ]
    pending = sum(p.decision == Proposal.Decision.PENDING for p in proposals)
    return f"Publishing will make public the session(s) above with {', '.join(counts)}" + (
        f"; {pending} proposal(s) not yet decided will not be published." if pending else "."
    )


def _frame_form(session, bound):
    """The form a facilitator just sent for this session (with its errors), or a fresh one."""
    return (
        bound
        if bound is not None and bound.session.pk == session.pk
        else FrameForm(session=session)
    )


def posted_id(request, name) -> int:
    """The id a review form posted under ``name``; 0 (which matches nothing) when it is missing
    or not a number, so a tampered form gets a 404 or a message, never a 500."""
    return as_id(request.POST.get(name)) or 0


@admin.register(ImportedReport)
class ImportedReportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "group", "status", "progress", "created_at"]
    list_filter = ["status", "group"]
    search_fields = ["original_name", "new_group_name"]
    readonly_fields = ["status", "progress", "message", "original_name", "format"]
    list_select_related = ["group"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = UploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "group", "new_group_name"]
        return ["original_name", "format", "group", "status", "progress", "message"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        upload = form.cleaned_data["upload"]
        obj.original_name = upload.name[:255]
        obj.format = upload.name.rsplit(".", 1)[-1].lower()
        obj.uploaded_by = request.user
        with transaction.atomic():
            obj.document.save(upload.name, upload, save=False)
            obj.save()
        # The worker reads it (at once with the immediate backend, as in the tests).
        transaction.on_commit(lambda: import_report.enqueue(obj.pk))

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:imports_importedreport_review", obj.pk)

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="imports_importedreport_review",
            ),
            path(
                "<int:pk>/figures/<int:figure_pk>/image/",
                self.admin_site.admin_view(self.figure_image_view),
                name="imports_importedreport_figure_image",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        sweep_stale_imports()  # a reading whose worker died is retried or failed, not stuck
        return super().changelist_view(request, extra_context)

    def review_view(self, request, pk):
        sweep_stale_imports()
        report = get_object_or_404(ImportedReport, pk=pk)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        bound = None
        if request.method == "POST" and request.POST.get("action") == "frame":
            bound = self._frame(request, report)
            if bound is None:
                return redirect(f"{request.path}#frame-{request.POST.get('session', '')}")
        elif request.method == "POST":
            self._act(request, report)
            anchor = request.POST.get("proposal", "")
            return redirect(request.path + (f"#proposal-{anchor}" if anchor.isdigit() else ""))
        context = {
            **self.admin_site.each_context(request),
            **self._review_context(report, bound),
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        }
        return TemplateResponse(request, "admin/imports/review.html", context)

    def _frame(self, request, report):
        """Save a session's frame from the review page; the form again, with what was typed and
        what is wrong, when it does not validate (None once saved)."""
        session = get_object_or_404(report.sessions, pk=posted_id(request, "session"))
        form = FrameForm(request.POST, session=session)
        if not form.is_valid():
            messages.error(request, f"The frame of {session.event_name} is not saved: see below.")
            return form
        saved = save_frame(form)
        messages.success(
            request,
            f"The frame of {saved.event_name} is saved.",
        )
        return None

    def _review_context(self, report, bound) -> dict:
        proposals = list(report.proposals.select_related("session", "merged_into"))
        alike = similar_items([p for p in proposals if p.decision == Proposal.Decision.PENDING])
        for proposal in proposals:
            proposal.similar = alike.get(proposal.pk, [])
        paragraphs = report.extracted.get("paragraphs", [])
        cited = {}
        for proposal in proposals:
            cited.setdefault(proposal.paragraph, []).append(proposal)
        sessions = list(report.sessions.select_related("group"))
        return {
            "title": f"Review the import of {report.original_name}",
            "report": report,
            "opts": self.model._meta,
            "proposals": proposals,
            "paragraphs": [{**p, "proposals": cited.get(p["index"], [])} for p in paragraphs],
            "sessions": sessions,
            "frames": [
                (
                    session,
                    frame_rows(session),
                    bound
                    if bound and bound.session.pk == session.pk
                    else FrameForm(session=session),
                )
                for session in sessions
            ],
            "summary": publish_summary(proposals),
            "figures": report.figures.select_related("session", "figure"),
            "pending": sum(p.decision == Proposal.Decision.PENDING for p in proposals),
            "working": report.status
            in (ImportedReport.Status.QUEUED, ImportedReport.Status.READING),
        }

    def figure_image_view(self, request, pk, figure_pk):
        """A proposed figure's picture, for the review page (drafts are not public media)."""
        proposed = get_object_or_404(ProposedFigure, pk=figure_pk, report_id=pk)
        if not self.has_view_permission(request, proposed.report):
            raise PermissionDenied
        try:
            return FileResponse(proposed.image.open("rb"), content_type="image/png")
        except OSError:
            raise Http404("The figure's picture is no longer stored.") from None

    def _act(self, request, report):
        action = request.POST.get("action", "")
        handlers = {
            "publish": self._publish,
            "accept_figure": self._decide_figure,
            "reject_figure": self._decide_figure,
            "accept_all": self._accept_all,
        }
        handler = handlers.get(action, self._decide_proposal)
        try:
            handler(request, report, action)
        except review.ReviewRefused as refusal:
            messages.error(request, str(refusal))

    def _publish(self, request, report, action):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        review.publish(report)
        messages.success(request, "The imported session(s) are published.")

    def _decide_figure(self, request, report, action):
        proposed = get_object_or_404(ProposedFigure, pk=posted_id(request, "figure"), report=report)
        if action == "accept_figure":
            review.accept_figure(
                proposed,
                caption=request.POST.get("caption", ""),
                alt_text=request.POST.get("alt_text", ""),
            )
            messages.success(request, f"Figure {proposed.number} accepted.")
        else:
            review.reject_figure(proposed)
            messages.success(request, f"Figure {proposed.number} rejected.")

    def _accept_all(self, request, report, action):
        for proposal in report.proposals.filter(decision=Proposal.Decision.PENDING):
            # One another facilitator decided meanwhile keeps their decision.
            with contextlib.suppress(review.ReviewRefused):
                review.accept(proposal)
        messages.success(request, "Every remaining proposal is accepted.")

    def _decide_proposal(self, request, report, action):
        proposal = get_object_or_404(Proposal, pk=posted_id(request, "proposal"), report=report)
        if action == "accept":
            review.accept(
                proposal,
                text=request.POST.get("text", "").strip() or None,
                statement=request.POST.get("statement", "").strip() or None,
            )
            proposal.refresh_from_db()
            messages.success(request, f"Accepted: {proposal.statement[:80]}")
        elif action == "reject":
            review.reject(proposal)
            messages.success(request, f"Rejected: {proposal.statement[:80]}")
        elif action == "merge":
            into = Proposal.objects.filter(pk=posted_id(request, "into"), report=report).first()
            if into is None:
                raise review.ReviewRefused(
                    "Choose another proposal of the same session to merge into."
                )
            review.merge(proposal, into)
            messages.success(request, "Merged.")
        else:
            messages.error(request, "Choose accept, reject or merge.")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "session", "decision"]
    list_filter = ["kind", "decision", "report"]
    search_fields = ["text", "statement"]
    list_select_related = ["session__group"]
    readonly_fields = ["report", "session", "item", "merged_into", "cue", "paragraph"]
