"""Admin pages to see what was deleted and recover it (history itself is simple-history's)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from .recovery import CannotRecover, deleted_records, recover


class RecoverDeletedAdmin(SimpleHistoryAdmin):
    """History, revert, and a 'Recover deleted' page for facilitators."""

    change_list_template = "admin/recoverable_change_list.html"
    recovery_model = None  # the model whose history holds the deletions; defaults to self.model

    def get_recovery_model(self):
        return self.recovery_model or self.model

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Django's change form checks and saves in one transaction; simple-history's revert
        # does not, yet the stale-save guard locks the row it checks (``ajc.stale_saves``):
        # the revert gets the change form's transaction, so the lock holds until it is saved.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        model = self.get_recovery_model()
        if request.method == "POST":
            try:
                restored = recover(model, int(request.POST.get("history_id", "0")))
            except (ValueError, model.history.model.DoesNotExist):
                messages.error(
                    request, "That deleted record could not be found or is already back."
                )
            except CannotRecover as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request, f"Recovered “{restored[0]}” ({len(restored)} record(s) in all)."
                )
            info = self.opts.app_label, self.opts.model_name
            return redirect(reverse("admin:{}_{}_deleted".format(*info)))
        records = deleted_records(model)
        kind = getattr(self.model, "KIND", None)
        if kind is not None:
            records = records.filter(kind=kind)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Recover deleted {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "records": records[:200],
        }
        return TemplateResponse(request, "admin/recover_deleted.html", context)
