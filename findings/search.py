"""Full-text search: PostgreSQL's ranked search where it runs, a plain word match on SQLite.

PostgreSQL matches a ``websearch`` query (quotes, ``or``, ``-word`` as people type them in a
search engine) against the stored, GIN-indexed ``search_document``, ranks by relevance and cuts
a highlighted snippet with ``ts_headline``. SQLite, used in development, matches every word of
the query, case-insensitively and as whole words, against the item's text and cuts a snippet
in Python. Either way the snippet is escaped before ``<mark>`` is wrapped round the matches, so
nothing a facilitator typed is ever trusted as HTML.
"""

import re

from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Characters from Unicode's private use area: they never occur in report text, so they can mark
# where ts_headline put a match without trusting any of the text around them as HTML.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 240
MAX_WORDS = 12
NEGATABLE_WORD = re.compile(r"(?:(?<![\w-])(-))?(\w+)", re.UNICODE)
MARKDOWN_NOISE = re.compile(r"(\*\*|__|`|^\s*[-*+]\s+|^#+\s*)", re.MULTILINE)


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


# Where else a member's words may be: an item's short statement, its session's subject, place,
# authors and programme, its topic heading, its themes. Matched word by word, case-insensitively
# (each word in any of them, or in the item's text), beside the full-text match on the text.
CONTEXT_FIELDS = (
    "statement",
    "session__subject",
    "session__heading_subject",
    "session__location",
    "session__venue",
    "session__authors",
    "session__programme__title",
    "session__programme__speakers__name",
    "session__programme__speakers__organisation",
    "topic__title",
    "themed_items__tag__name",
)


def _in_context(model, word: str) -> Q:
    """Items with ``word`` somewhere in their context (one subquery: no duplicate rows)."""
    anywhere = Q()
    for name in CONTEXT_FIELDS:
        anywhere |= Q(**{f"{name}__icontains": word})
    return Q(pk__in=model._default_manager.filter(anywhere).values("pk"))


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


def matching(items, text: str):
    """Items that match the search text (no ordering: the caller ranks the page it shows)."""
    words = query_words(text)
    if uses_postgres():
        # The text's full-text match, or every word in the item's context (the minus-words
        # still not in its text).
        model = items.model._default_manager
        found = Q(pk__in=model.filter(search_document=_search_query(text)).values("pk"))
        if words:
            in_context = model.all()
            for word in words:
                in_context = in_context.filter(_in_context(items.model, word))
            for word in query_words(text, excluded=True):
                in_context = in_context.exclude(text__icontains=word)
            found |= Q(pk__in=in_context.values("pk"))
        return items.filter(found)
    if not words:
        return items.none()
    for word in words:
        items = items.filter(
            Q(text__iregex=rf"\b{re.escape(word)}\b") | _in_context(items.model, word)
        )
    for word in query_words(text, excluded=True):
        items = items.exclude(text__iregex=rf"\b{re.escape(word)}\b")
    return items


def ranked(items, text: str):
    """Order matching items by relevance and, on PostgreSQL, annotate their snippet.

    PostgreSQL evaluates the headline only for the rows the page's LIMIT keeps, so annotating
    the whole query costs no more than the page.
    """
    if not uses_postgres():
        return items
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


def _plain(text: str) -> str:
    return " ".join(MARKDOWN_NOISE.sub("", text).split())


def highlight(item, text: str) -> SafeString:
    """A short, escaped snippet of the item with the search's matches wrapped in <mark>."""
    headline = getattr(item, "headline", None)
    if headline is not None:
        parts = re.split(f"({START}.*?{STOP})", _plain(headline))
        html = "".join(
            f"<mark>{escape(part[1:-1])}</mark>" if part.startswith(START) else escape(part)
            for part in parts
        )
        return mark_safe(html)  # noqa: S308 - every piece of text was escaped just above
    return snippet(item.text or item.statement, text)


def snippet(document: str, text: str) -> SafeString:
    """The SQLite snippet: a window of the text round the first match, matches marked."""
    plain = _plain(document)
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
