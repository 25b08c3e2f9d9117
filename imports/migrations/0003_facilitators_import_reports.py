"""Facilitators import reports: they upload a report and review what the import proposes
(issue 13). Until now only a superuser could open the imports' admin pages. They may delete
proposals too: deleting an imported session deletes its proposals, and Django's admin refuses a
deletion that takes objects the user may not delete."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FACILITATORS = "Facilitators"
PERMISSIONS = {
    "importedreport": ["add", "change", "view"],
    "proposal": ["change", "delete", "view"],
}


def codenames():
    """Every imports permission the Facilitators group holds."""
    return [
        ("imports", f"{action}_{model}")
        for model, actions in PERMISSIONS.items()
        for action in actions
    ]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("imports")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="imports",
                codename__in=[codename for _app, codename in codenames()],
            )
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="imports",
                codename__in=[codename for _app, codename in codenames()],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_proposal_kinds_include_questions"),
        ("ajc_sessions", "0002_facilitators_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
