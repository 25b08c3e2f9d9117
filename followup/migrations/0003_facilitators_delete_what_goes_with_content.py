"""Facilitators may delete what goes with the content they delete: deleting a session or a
recommendation deletes its follow-up ledger and members' follows of it, and Django's admin
refuses a deletion that would take objects the user may not delete."""

from django.db import migrations

FACILITATORS = "Facilitators"
MODELS = ["followup", "evidence", "trackedrisk", "observation"]


def codenames():
    """Every follow-up permission the Facilitators group holds (0002 and this migration)."""
    names = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    names += ["delete_evidence", "delete_observation", "change_response_status"]
    names += ["delete_followup", "delete_follow"]
    return [("followup", name) for name in names]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="followup", codename__in=["delete_followup", "delete_follow"]
            )
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="followup", codename__in=["delete_followup", "delete_follow"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_ledgers_pilot_and_facilitators")]

    operations = [migrations.RunPython(forwards, backwards)]
