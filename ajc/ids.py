"""Ids that arrive as text (a posted form, a query string, a URL part)."""


def as_id(value) -> int | None:
    """``value`` as a whole number, or None when it is not one. ``str.isdigit`` alone also
    accepts digits such as "²" or "٣" that ``int`` refuses, which would turn a tampered value
    into a server error rather than a 404 or a message."""
    text = "" if value is None else str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None
