"""How lists show an item: a short summary, with the full text one click away."""

from django import template
from django.utils.text import Truncator

from ..search import plain_text

register = template.Library()

SUMMARY_WORDS = 35


@register.filter
def summary(item) -> str:
    """The item's short statement where it has one, else its first words as plain text."""
    if item.statement:
        return item.statement
    return Truncator(plain_text(item.text)).words(SUMMARY_WORDS, truncate=" …")


@register.filter
def is_summarised(item) -> bool:
    """Whether the summary leaves some of the text out."""
    return summary(item) != plain_text(item.text)
