"""Facilitators write Markdown (with pipe tables, e.g. a programme); it is rendered to HTML and
sanitised with nh3 before display."""

import functools
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "abbr",
    "sup",
    "sub",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}


# Building a converter costs more than converting a paragraph: each thread keeps one and resets
# it between texts (a converter is not safe to share between threads).
_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(
            extensions=["sane_lists", "tables"], output_format="html"
        )
    return converter.reset()


# The HTML of a text depends on nothing but the text, so each process remembers the HTML of the
# texts it rendered lately: after an edit, a page of 200 items converts the one that changed, not
# all 200 (issue 11). Nothing here decides who may read what (the text is only ever asked for
# by a page that may show it), so keeping it per process cannot leak an unpublished item.
RENDERED_TEXTS_KEPT = 20_000


def render_markdown(text: str) -> SafeString:
    return _render(text or "")


@functools.lru_cache(maxsize=RENDERED_TEXTS_KEPT)
def _render(text: str) -> SafeString:
    html = _converter().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
