"""Facilitators invite people, and manage people (deactivate, change role) in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FACILITATORS = "Facilitators"


def codenames():
    """Every accounts permission the Facilitators group holds."""
    names = [f"{action}_invitation" for action in ("add", "change", "view")]
    names += ["change_person", "view_person"]
    return [("accounts", name) for name in names]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="accounts",
                codename__in=[name for _, name in codenames()],
            )
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=FACILITATORS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="accounts"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_invitations_and_people"),
        ("ajc_sessions", "0002_facilitators_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
