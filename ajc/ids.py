"""Ids that arrive as text (a posted form, a query string, a URL part), and a long list of ids
in a query."""

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression


def as_id(value) -> int | None:
    """``value`` as a whole number, or None when it is not one. ``str.isdigit`` alone also
    accepts digits such as "²" or "٣" that ``int`` refuses, which would turn a tampered value
    into a server error rather than a 404 or a message."""
    text = "" if value is None else str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


class OneOf(Expression):
    """A condition for ``filter()``: ``expression`` (a column of ids) is one of ``ids``.

    On PostgreSQL the ids go as one array parameter (``= ANY``), which an index serves as an
    ``IN`` list would: ten thousand ids as ten thousand parameters took longer to send and plan
    than the query took to run. Elsewhere, a plain ``IN`` list."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, expression, ids):
        super().__init__()
        self.expression = expression
        self.ids = [int(value) for value in ids]

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, expressions):
        (self.expression,) = expressions

    def as_sql(self, compiler, connection):
        if not self.ids:
            raise EmptyResultSet
        sql, params = compiler.compile(self.expression)
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(%s::bigint[])", (*params, self.ids)
        return f"{sql} IN ({', '.join(['%s'] * len(self.ids))})", (*params, *self.ids)
