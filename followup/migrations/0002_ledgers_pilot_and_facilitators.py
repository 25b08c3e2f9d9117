"""Every recommendation already in the database gets its ledger ("Proposed"), the Pilot Learning
Group's are marked "No response recorded" and its recurring risks linked (followup.pilot), and
facilitators get the follow-up permissions, the response included."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from followup import pilot

FACILITATORS = "Facilitators"
MODELS = ["followup", "evidence", "trackedrisk", "observation"]


def forwards(apps, schema_editor):
    Item = apps.get_model("findings", "Item")
    FollowUp = apps.get_model("followup", "FollowUp")
    LedgerEntry = apps.get_model("followup", "LedgerEntry")
    for item in Item.objects.filter(kind="recommendation", follow_up__isnull=True):
        ledger = FollowUp.objects.create(recommendation=item)
        LedgerEntry.objects.create(follow_up=ledger, status=ledger.status, rating=ledger.rating)
    pilot.record(
        Item,
        FollowUp,
        LedgerEntry,
        apps.get_model("followup", "TrackedRisk"),
        apps.get_model("followup", "Observation"),
    )

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is None:
        return
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    codenames += ["delete_evidence", "delete_observation", "change_response_status"]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="followup", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("findings", "0008_facilitators_set_up_series"),
        ("ajc_sessions", "0002_facilitators_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
