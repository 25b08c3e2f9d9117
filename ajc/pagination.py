"""The one reading of a ``page`` parameter, and the one answer to a page past the end."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

from ajc.errors import Problem

MAX_PAGE = 10**9
PAGE_MESSAGE = "The page number must be a whole number, such as 2."


def page_number(request) -> int:
    """The ``page`` query parameter as a whole number (the last one if repeated; 1 if absent).

    A value that is not a whole number from 1 up is a 400 with a message.
    """
    raw = (request.GET.getlist("page")[-1:] or ["1"])[0].strip() or "1"
    if not raw.isdecimal() or not raw.isascii():
        raise Problem(400, message=PAGE_MESSAGE)
    number = int(raw)
    if not 1 <= number <= MAX_PAGE:
        raise Problem(400, message=PAGE_MESSAGE)
    return number


def get_page(paginator: Paginator, number: int, what: str = "results"):
    try:
        return paginator.page(number)
    except EmptyPage:
        raise Http404(f"There is no page {number} of these {what}.") from None
