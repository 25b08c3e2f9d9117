"""Search finds items by their context too, with stemming on every database (issue 14).

- ``Item.search_context``: the session's subject, the topic heading, the theme names.
- PostgreSQL: ``search_document`` now weights the item's words (A) above its context (B); a
  generated column's expression cannot be altered, so it is dropped and added again, and its
  GIN index made again.
- SQLite: an FTS5 index with the Porter stemmer, kept in step by triggers
  (``findings.search.SQLITE_INDEX_SQL``). Nothing of it is created on PostgreSQL.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import findings.search

GIN_INDEX = "findings_item_search_gin"


def fill_context(apps, schema_editor):
    Item = apps.get_model("findings", "Item")
    ThemedItem = apps.get_model("findings", "ThemedItem")
    themes = {}
    for item_id, name in ThemedItem.objects.values_list("content_object_id", "tag__name"):
        themes.setdefault(item_id, []).append(name)
    for item in Item.objects.select_related("session", "topic").iterator():
        parts = [item.session.subject, item.session.heading_subject]
        parts += [item.topic.title if item.topic_id else ""]
        parts += sorted(themes.get(item.pk, []))
        context = " · ".join(dict.fromkeys(part.strip() for part in parts if part.strip()))
        Item.objects.filter(pk=item.pk).update(search_context=context)


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON findings_item USING gin (search_document)"
        )
    findings.search.ensure_sqlite_index(connection)


def drop_indexes(apps, schema_editor):
    findings.search.drop_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("findings", "0004_item_history_keeps_links")]

    operations = [
        migrations.AddField(
            model_name="item",
            name="search_context",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RemoveField(model_name="item", name="search_document"),
        migrations.AddField(
            model_name="item",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=findings.search.DocumentVector("text", "search_context"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunPython(fill_context, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
