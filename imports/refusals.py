"""The one exception a reader raises: the file cannot be imported, and why (for the facilitator)."""


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, for the facilitator."""
