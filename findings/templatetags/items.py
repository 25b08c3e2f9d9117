"""How lists show an item: a short summary, with the full text one click away."""

from django import template
from django.utils.text import Truncator

from ..search import plain_text

register = template.Library()

SUMMARY_WORDS = 35
HEADLINE_WORDS = 12


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


@register.filter
def headline(item) -> str:
    """What names the item in a list or a link: its short statement, else its first words.

    Never its kind and session alone, which a whole page of results would share."""
    if item.statement:
        return item.statement
    return Truncator(plain_text(item.text)).words(HEADLINE_WORDS, truncate=" …")
