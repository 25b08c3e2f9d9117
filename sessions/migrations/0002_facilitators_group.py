"""The "Facilitators" group, with exactly the permissions facilitators need.

They write up sessions and everything in them, manage themes, publish, and see drafts on the
site. They read (but do not change) learning groups and sectors, which an administrator sets up.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Facilitators"
FULL = ["add", "change", "delete", "view"]
PERMISSIONS = {
    ("ajc_sessions", "session"): FULL,
    ("ajc_sessions", "topicheading"): FULL,
    ("ajc_sessions", "attendance"): FULL,
    ("ajc_sessions", "figure"): FULL,
    ("ajc_sessions", "learninggroup"): ["view"],
    ("ajc_sessions", "sector"): ["view"],
    ("findings", "item"): ["view", "delete"],
    ("findings", "finding"): FULL,
    ("findings", "risk"): FULL,
    ("findings", "recommendation"): FULL,
    ("findings", "theme"): ["add", "change", "view"],
}
EXTRA = [("ajc_sessions", "view_draft_content"), ("ajc_sessions", "publish_session")]


def codenames():
    for (app_label, model), actions in PERMISSIONS.items():
        for action in actions:
            yield app_label, f"{action}_{model}"
    yield from EXTRA


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames()
    ]
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ajc_sessions", "0001_initial"),
        ("findings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
