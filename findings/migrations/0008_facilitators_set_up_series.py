"""Facilitators set up learning groups, series and sectors themselves, write programmes and
questions raised: the permissions their group needs for the work of issue 10."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Facilitators"
FULL = ["add", "change", "delete", "view"]
PERMISSIONS = {
    ("ajc_sessions", "learninggroup"): ["add", "change", "view", "set_up_series"],
    ("ajc_sessions", "sector"): ["add", "change", "view"],
    ("ajc_sessions", "programmerow"): FULL,
    ("ajc_sessions", "speaker"): FULL,
    ("findings", "question"): FULL,
}


def codenames():
    for (app_label, model), actions in PERMISSIONS.items():
        for action in actions:
            yield app_label, action if action == "set_up_series" else f"{action}_{model}"


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames()
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    for app_label, codename in codenames():
        if codename.startswith("view_"):
            continue  # they could read these before
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0007_items_drawn_from_passages_questions"),
        ("ajc_sessions", "0003_series_frame_programme_presence"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
