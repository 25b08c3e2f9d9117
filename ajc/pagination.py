"""The one reading of a ``page`` parameter, and the one answer to a page past the end."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

from ajc.errors import Problem

MAX_PAGE = 10**9


def page_number(request) -> int:
    """The ``page`` query parameter as a whole number (the last one if repeated; 1 if absent).

    Anything else is a 400 that says what is wrong.
    """
    raw = (request.GET.getlist("page")[-1:] or [""])[0].strip()
    if not raw:
        return 1
    try:
        number = int(raw)
    except ValueError:
        raise Problem(400, message="The page number must be a whole number, such as 2.") from None
    if number < 1:
        raise Problem(400, message="The page number must be 1 or more.")
    if number > MAX_PAGE:
        raise Problem(400, message="That page number is far too large.")
    return number


def get_page(paginator: Paginator, number: int, what: str = "results"):
    try:
        return paginator.page(number)
    except EmptyPage:
        raise Http404(f"There is no page {number} of these {what}.") from None
