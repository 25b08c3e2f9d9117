"""Full-text search with stemming on both databases: "commissioner" finds "commissioners".

An item is found by its own words and by its context (``Item.search_context``: its session's
subject, its topic heading, its themes' names; ``findings.indexing`` keeps it in step).

PostgreSQL matches a ``websearch`` query (quotes, ``or``, ``-word`` as people type them in a
search engine) against the stored, GIN-indexed ``search_document`` (English stemming, the
item's words weighted above its context), ranks by relevance and cuts a highlighted snippet
with ``ts_headline``. SQLite matches the same kind of query, translated to FTS5's syntax,
against ``findings_item_fts``, an FTS5 index of the item table with the Porter stemmer, kept in
step by triggers; it ranks with ``bm25`` and cuts the snippet with FTS5's ``snippet``. Either
way the snippet is escaped before ``<mark>`` is wrapped round the matches, so nothing a
facilitator typed is ever trusted as HTML.
"""

import re

from django.db import connection
from django.db.models import F, Func, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Characters from Unicode's private use area: they never occur in report text, so they can mark
# where ts_headline put a match without trusting any of the text around them as HTML.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 240
MAX_WORDS = 12
NEGATABLE_WORD = re.compile(r"(?:(?<![\w-])(-))?(\w+)", re.UNICODE)
# A query term as typed: an optional minus, then a "quoted phrase" or a word.
QUERY_TERM = re.compile(r'(?:(?<![\w-])(-))?(?:"([^"]*)"?|([^\s"]+))')
FTS_TABLE = "findings_item_fts"
SNIPPET_TOKENS = 40

# SQLite: an FTS5 index over the item table's text and context (external content: the words are
# stored once, in the item table), with triggers that keep it in step with every insert, update
# and delete, however it is made. Run by migration 0005 and again after every migrate, since
# SQLite rebuilds a table (dropping its triggers) when a migration alters it. Only constants
# are put into these statements; what a reader types is always a parameter.
SQLITE_INDEX_SQL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        text, search_context, content='findings_item', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON findings_item BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text, search_context)
        VALUES (new.id, new.text, new.search_context);
    END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON findings_item BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, search_context)
        VALUES ('delete', old.id, old.text, old.search_context);
    END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
        AFTER UPDATE OF text, search_context ON findings_item BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, search_context)
        VALUES ('delete', old.id, old.text, old.search_context);
        INSERT INTO {FTS_TABLE}(rowid, text, search_context)
        VALUES (new.id, new.text, new.search_context);
    END""",  # noqa: S608
]
REBUILD_SQL = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"  # noqa: S608
MATCHING_SQL = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608


def ensure_sqlite_index(connection) -> None:
    """Create SQLite's FTS5 index and its triggers if missing, and rebuild it from the items.

    Does nothing where the item table is absent or older than migration 0005 (a migration
    taken back to an earlier state)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if "findings_item" not in connection.introspection.table_names(cursor):
            return
        columns = connection.introspection.get_table_description(cursor, "findings_item")
        if "search_context" not in {column.name for column in columns}:
            return
        for statement in SQLITE_INDEX_SQL:
            cursor.execute(statement)
        cursor.execute(REBUILD_SQL)


def drop_sqlite_index(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


MARKDOWN_NOISE = re.compile(r"(\*\*|__|`|^\s*[-*+]\s+|^#+\s*)", re.MULTILINE)


class DocumentVector(Func):
    """The stored search document of an item: its words, then what it is found by besides.

    On PostgreSQL, an English ``tsvector`` (stemmed, indexed with GIN), the item's own words
    weighted above its context (session subject, topic heading, theme names). SQLite has no
    such type: there the column holds the lower-cased text, and search uses the FTS5 table
    ``findings_item_fts`` instead (Porter stemming; see ``ensure_sqlite_index``).
    """

    output_field = TextField()
    WEIGHTS = "AB"

    def _compiled(self, compiler):
        return [compiler.compile(expression) for expression in self.source_expressions]

    def as_postgresql(self, compiler, connection, **extra_context):
        parts = self._compiled(compiler)
        vector = "to_tsvector('english'::regconfig, COALESCE({}, ''))"
        if len(parts) == 1:  # the first form, kept for the migrations that created it
            return vector.format(parts[0][0]), parts[0][1]
        sql = " || ".join(
            f"setweight({vector.format(part)}, '{weight}')"
            for (part, _), weight in zip(parts, self.WEIGHTS, strict=True)
        )
        return sql, tuple(param for _, params in parts for param in params)

    def as_sqlite(self, compiler, connection, **extra_context):
        parts = self._compiled(compiler)
        sql = " || ' ' || ".join(f"COALESCE({part}, '')" for part, _ in parts)
        return f"lower({sql})", tuple(param for _, params in parts for param in params)


# Where else a member's words may be: an item's short statement, its session's subject, place,
# authors and programme, its topic heading, its themes. Matched word by word, case-insensitively
# (each word in any of them, or in the item's text), beside the full-text match on the text.
def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def query_words(text: str, *, excluded=False) -> list[str]:
    """The words of a query, for the SQLite match and for highlighting there.

    As in a web search, a word written with a leading minus (``-prison``) is one the items
    must not contain: those are the words returned with ``excluded``.
    """
    seen = []
    for minus, word in NEGATABLE_WORD.findall(text.lower()):
        if bool(minus) == excluded and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def _search_query(text: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, search_type="websearch", config="english")


def fts_query(text: str) -> str:
    """A web-search style query in FTS5's syntax: every term must match, "or" between two
    terms lets either, a quoted phrase matches as a phrase, ``-word`` leaves items out.

    Each term is quoted, so nothing typed is read as FTS5 syntax. An empty string means the
    query has no term to look for."""
    groups, excluded, joined = [], [], False
    for minus, phrase, word in QUERY_TERM.findall(text):
        words = re.findall(r"\w+", phrase if phrase else word, re.UNICODE)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if minus:
            excluded.append(term)
        elif not phrase and word.lower() == "or" and groups:
            joined = True
        elif joined:
            groups[-1].append(term)
            joined = False
        else:
            groups.append([term])
    groups = groups[:MAX_WORDS]
    if not groups:
        return ""
    query = " AND ".join(
        group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups
    )
    return query + "".join(f" NOT {term}" for term in excluded[:MAX_WORDS])


def _fts(function: str, expression: str):
    """``function`` of the FTS5 match of ``expression`` for the item in hand (one row)."""
    sql = f"SELECT {function} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    return RawSQL(f"{sql} AND {FTS_TABLE}.rowid = findings_item.id", [expression])  # noqa: S611


def matching(items, text: str):
    """Items that match the search text (no ordering: the caller ranks the page it shows)."""
    if uses_postgres():
        return items.filter(search_document=_search_query(text))
    expression = fts_query(text)
    if not expression:
        return items.none()
    return items.filter(pk__in=RawSQL(MATCHING_SQL, [expression]))  # noqa: S611


def ranked(items, text: str):
    """Order matching items by relevance and, on PostgreSQL, annotate their snippet.

    PostgreSQL evaluates the headline only for the rows the page's LIMIT keeps, so annotating
    the whole query costs no more than the page.
    """
    if not uses_postgres():
        expression = fts_query(text)
        if not expression:
            return items
        return items.annotate(
            rank=_fts(f"bm25({FTS_TABLE}, 1.0, 0.4)", expression),
            headline=_fts(
                f"snippet({FTS_TABLE}, 0, '{START}', '{STOP}', ' … ', {SNIPPET_TOKENS})",
                expression,
            ),
        ).order_by("rank", "pk")
    from django.contrib.postgres.search import SearchHeadline, SearchRank

    query = _search_query(text)
    return items.annotate(
        rank=SearchRank(F("search_document"), query),
        headline=SearchHeadline(
            "text",
            query,
            config="english",
            start_sel=START,
            stop_sel=STOP,
            max_words=40,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    ).order_by("-rank", "pk")


# A search that matches more items than this keeps its most relevant ones: the page lists them,
# says how many there are only up to here ("more than 10,000"), and counts its facets among
# them. Every match is ranked once, and nothing counts every match: at a million items a common
# word matches hundreds of thousands, and counting them took six times as long as ranking them.
BEST = 10_000


def best_ids(items, text: str) -> list[int]:
    """The ids of the matches in ``items`` most relevant to ``text``, best first: at most
    ``BEST`` and one more, which only tells that there are more."""
    return list(ranked(items, text).values_list("pk", flat=True)[: BEST + 1])


def plain_text(text: str) -> str:
    """The text without its Markdown marks, on one line."""
    return " ".join(MARKDOWN_NOISE.sub("", text).split())


def highlight(item, text: str) -> SafeString:
    """A short, escaped snippet of the item with the search's matches wrapped in <mark>."""
    headline = getattr(item, "headline", None)
    if headline is not None:
        parts = re.split(f"({START}.*?{STOP})", plain_text(headline))
        html = "".join(
            f"<mark>{escape(part[1:-1])}</mark>" if part.startswith(START) else escape(part)
            for part in parts
        )
        return mark_safe(html)  # noqa: S308 - every piece of text was escaped just above
    return snippet(item.text or item.statement, text)


def snippet(document: str, text: str) -> SafeString:
    """The SQLite snippet: a window of the text round the first match, matches marked."""
    plain = plain_text(document)
    words = query_words(text)
    if not words:
        return escape(plain[:SNIPPET_CHARS])
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    first = pattern.search(plain)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    if start:
        # Start on a word boundary rather than in the middle of a word.
        space = plain.find(" ", start)
        start = space + 1 if 0 <= space < (first.start() if first else start + 20) else start
    window = plain[start : start + SNIPPET_CHARS]
    pieces = pattern.split(window)
    html = "".join(
        f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    )
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(plain) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - pieces escaped just above
