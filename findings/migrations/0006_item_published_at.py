"""Each item carries when it was published (issue 14): an indexed copy of when it first became
readable, for "what's new". Existing items take their session's publication time, or their own
creation if that came later; items of sessions never published stay empty."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest


def fill_published_at(apps, schema_editor):
    Item = apps.get_model("findings", "Item")
    Session = apps.get_model("ajc_sessions", "Session")
    published = Session.objects.filter(pk=OuterRef("session_id")).values("published_at")[:1]
    Item.objects.filter(session__published_at__isnull=False).update(
        published_at=Greatest("created_at", Subquery(published))
    )


class Migration(migrations.Migration):

    dependencies = [
        ('ajc_sessions', '0002_facilitators_group'),
        ('findings', '0005_search_context'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalitem',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='item',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(fields=['-published_at'], name='item_newest_published'),
        ),
        migrations.RunPython(fill_published_at, migrations.RunPython.noop, elidable=False),
    ]
