"""How the findings browser shows a facet's choices (``findings.facets.Option``)."""

from django import template

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
