"""Full-text search: PostgreSQL's ranked search where it runs, a plain word match on SQLite."""

from django.db.models import Func, TextField


class DocumentVector(Func):
    """The stored search document of an item.

    On PostgreSQL, an English ``tsvector`` (stemmed, indexed with GIN). SQLite has no such
    type, so there the column holds lower-cased text and search falls back to word matching.
    """

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="to_tsvector('english'::regconfig, COALESCE(%(expressions)s, ''))",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="lower(%(expressions)s)", **extra_context)
