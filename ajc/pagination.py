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


class IdsFirstPaginator(Paginator):
    """Pages a queryset of wide rows in two steps: the page's ids first, from a query that reads
    only the columns it filters and orders by (an index can hold those), then those rows whole.

    Sorting every matching row at full width (an item's text and search document) only to keep
    25 of them made a page filtered by a common theme cost 164 ms of SQL at 100,000 items; its
    ids alone cost 17 ms. The rows come back in the order of the ids."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def get_page(paginator: Paginator, number: int, what: str = "results"):
    try:
        return paginator.page(number)
    except EmptyPage:
        raise Http404(f"There is no page {number} of these {what}.") from None
