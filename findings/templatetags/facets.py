"""How the findings browser shows a facet's choices (``findings.facets.Option``)."""

from django import template
from django.utils.html import format_html

register = template.Library()

# A facet with more choices than this folds them into a disclosure (a phone would otherwise
# scroll through every session to reach the next filter).
UNFOLDED_CHOICES = 8


@register.filter
def folded(options) -> bool:
    """Whether a facet's choices are many enough to fold away."""
    return len(options) > UNFOLDED_CHOICES


@register.filter
def any_chosen(options) -> bool:
    """Whether any of a facet's choices is ticked (its disclosure then stays open)."""
    return any(option.selected for option in options)


@register.simple_tag
def facet_checkbox(name: str, option) -> str:
    """One choice of the facet ``name`` as a checkbox with its count. A tag, not an include:
    the browser shows a hundred of them, and an include each was a third of its rendering."""
    return format_html(
        '<li><input type="checkbox" name="{name}" value="{value}" id="{name}-{value}"{checked}>\n'
        '  <label for="{name}-{value}">{label} <span class="count">({count})</span></label></li>',
        name=name,
        value=option.value,
        checked=" checked" if option.selected else "",
        label=option.label,
        count=option.count,
    )
