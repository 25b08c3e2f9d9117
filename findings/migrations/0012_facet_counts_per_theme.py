"""Facet counts kept per theme as well as over every item (``findings.tallies``).

The rows already kept are every item's (``theme`` 0). Every session is marked as not counted
since, so the next catch-up counts each again and adds its themes' rows: on a large site run
``manage.py recount_facets`` after migrating, rather than leave it to the first reader."""

from django.db import migrations, models


def count_every_session_again(apps, schema_editor):
    apps.get_model("findings", "TalliedSession").objects.update(revision=-1)


class Migration(migrations.Migration):

    dependencies = [
        ('findings', '0011_item_list_columns'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='facettally',
            name='facet_tally_once',
        ),
        migrations.RemoveConstraint(
            model_name='facettotal',
            name='facet_total_once',
        ),
        migrations.AddField(
            model_name='facettally',
            name='theme',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='facettotal',
            name='theme',
            field=models.IntegerField(default=0),
        ),
        migrations.AddConstraint(
            model_name='facettally',
            constraint=models.UniqueConstraint(fields=('session_id', 'theme', 'level', 'kind', 'facet', 'code', 'ref'), name='facet_tally_once'),
        ),
        migrations.AddConstraint(
            model_name='facettotal',
            constraint=models.UniqueConstraint(fields=('theme', 'facet', 'level', 'kind', 'code', 'ref'), name='facet_total_once'),
        ),
        migrations.RunPython(count_every_session_again, migrations.RunPython.noop),
    ]
