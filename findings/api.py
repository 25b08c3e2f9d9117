"""The open data API: read-only JSON of what the learning groups have published, with an
OpenAPI schema (``/api/openapi.json``), under the same visibility rule as the pages.

Anyone may read what is public; a signed-in member's browser also gets members-only content
(``Item.objects.visible_to``). Items are filtered exactly as the findings browser filters them
(``ItemFilter``: the same parameters, the same meanings, the same error messages) and come a
page at a time. Errors are JSON, ``{"detail": …}``: 404 for an item you may not see or a
filter naming a theme, group, session or sector that does not exist (with the browser's own
message), 422 for a value of the wrong shape.

The data is published under the licence in ``LICENCE`` (see docs/open-data.md).
"""

import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import path
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.throttling import SimpleRateThrottle

from ajc.auth_backend import client_ip
from ajc.visibility import Audience, audience_for
from sessions.models import Session

from . import tallies
from .filters import SEARCH_MAX_LENGTH, ItemFilter
from .models import Item, Party
from .queries import with_relations

LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Far past any real result; it keeps the database's OFFSET within a 64-bit integer.
MAX_PAGE = 1_000_000


class ReaderThrottle(SimpleRateThrottle):
    """At most so many requests a minute from one reader: a signed-in member by their account,
    anyone else by their address (behind trusted proxies as ``ajc.auth_backend`` reads it).
    The limits are settings (``AJC_API_RATE_LIMITS``), read on each request; the counts are
    kept in the shared cache, so they hold across the app's processes."""

    scope = "reader"

    def __init__(self):
        pass  # the rate is the setting's at each request

    def allow_request(self, request) -> bool:
        audience = audience_for(getattr(request, "user", None))
        kind = "anonymous" if audience == Audience.PUBLIC else "signed_in"
        self.rate = settings.AJC_API_RATE_LIMITS[kind]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = f"address-{client_ip(request) or 'unknown'}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict] = Field(..., description="What is wrong with each value, and where.")


# Every operation may answer these besides its own: a value of the wrong shape (422), and more
# requests than the limit (429, with Retry-After).
ERRORS = {
    400: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
}

api = NinjaAPI(
    title="AJC learning groups: open data",
    version="1",
    description=(
        "Learning points, risks and recommendations from the Academy for Justice "
        "Commissioning's learning groups, read-only. Public content for everyone; a signed-in "
        f"member also sees members-only content. Licence: {LICENCE} ({LICENCE_URL}), "
        "attributing the Academy for Justice Commissioning."
    ),
    urls_namespace="api",
    docs_url=None,
    throttle=[ReaderThrottle()],
)


class Pages(PageNumberPagination):
    """Page numbers as ninja takes them (``?page=2&page_size=100``), bounded."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class SessionOut(Schema):
    id: int
    group: str = Field(..., alias="group.name")
    group_slug: str = Field(..., alias="group.slug")
    number: int
    subject: str
    location: str
    date: datetime.date = Field(..., description="The session's date (a month: its first day).")
    date_display: str
    status: str
    url: str = Field(..., alias="get_absolute_url")


class ThemeOut(Schema):
    slug: str
    name: str
    description: str
    featured: bool


class ItemOut(Schema):
    id: int
    kind: Literal["finding", "risk", "recommendation"]
    text: str = Field(..., description="The report's words (Markdown).")
    session: SessionOut
    topic: str | None = Field(None, alias="topic.title")
    themes: list[str] = Field(..., description="Theme slugs.")
    agreement: str = Field(..., description="Learning points: how far the group agreed.")
    sectors: list[str] = Field(..., description="Slugs of the sectors that voiced it.")
    exposed: str = Field(..., description="Risks: who is exposed.")
    audience: str = Field(..., description="Recommendations: addressed to whom.")
    strength: str
    published_at: datetime.datetime | None = Field(
        ..., description="When it was published on the site (its session's publication)."
    )
    answers: list[int] = Field(..., description="Recommendations: ids of the risks it answers.")
    answered_by: list[int] = Field(
        ..., description="Risks: ids of the recommendations that answer it."
    )
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_themes(item):
        return [theme.slug for theme in item.themes.all()]

    @staticmethod
    def resolve_sectors(item):
        return [sector.slug for sector in item.named_sectors]

    @staticmethod
    def resolve_answers(item):
        return [risk.pk for risk in item.visible_answers]

    @staticmethod
    def resolve_answered_by(item):
        return [recommendation.pk for recommendation in item.visible_answered_by]


# Control characters are refused before any view reads them (ajc.middleware): say so.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Text = Annotated[str, Field(pattern=PRINTABLE)]


class ItemQuery(Schema):
    """The findings browser's filters (``findings.filters.ItemFilter``)."""

    q: str | None = Field(
        None,
        max_length=SEARCH_MAX_LENGTH,
        pattern=PRINTABLE,
        description="Search text, as typed in the browser.",
    )
    kind: list[Literal[tuple(Item.Kind.values)]] = Field([], description="Kinds: any of them.")
    theme: list[Text] = Field([], description="Theme slugs: items with any of them.")
    group: list[Text] = Field([], description="Learning groups' slugs: any of them.")
    session: list[int] = Field([], description="Sessions' ids: any of them.")
    sector: list[Text] = Field([], description="Sectors' slugs: voiced by any of them.")
    agreement: list[Literal[tuple(Item.Agreement.values)]] = Field(
        [], description="Levels of agreement: any of them."
    )
    audience: list[Literal[tuple(Party.values)]] = Field(
        [], description="Who it concerns: any of them."
    )
    since: datetime.date | None = Field(None, description="Published on or after this day.")
    order: Literal["published", "session"] | None = None


def _query_dict(filters: ItemQuery) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in filters.dict(exclude_none=True).items():
        values = value if isinstance(value, list) else [value]
        if name == "q":
            # A browser cannot send a NUL in a form; a program can. It never matches anything.
            values = [value.replace("\x00", "")]
        data.setlist(name, [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values])
    return data


@api.get(
    "/items",
    response={200: list[ItemOut], 404: ErrorOut, **ERRORS},
    summary="Items, filtered like the findings browser",
)
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_items(request, filters: Query[ItemQuery]):
    filterset = ItemFilter(
        _query_dict(filters), queryset=Item.objects.visible_to(request.user), request=request
    )
    if not filterset.is_valid():
        problems = [str(error) for errors in filterset.errors.values() for error in errors]
        # The schema has checked every value's shape: what is left is a name that does not
        # exist (a theme, group, session or sector), so there is nothing to find.
        raise HttpError(404, " ".join(problems))
    items = filterset.ordered(filterset.qs)
    return with_relations(items, request.user, answers=True).select_related("topic")


@api.get("/items/{item_id}", response={200: ItemOut, 404: ErrorOut, **ERRORS}, summary="One item")
def get_item(request, item_id: int):
    items = with_relations(Item.objects.visible_to(request.user), request.user, answers=True)
    return get_object_or_404(items.select_related("topic"), pk=item_id)


@api.get(
    "/themes",
    response={200: list[ThemeOut], **ERRORS},
    summary="The themes of the items you may see",
)
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_themes(request):
    # A theme that only hidden items carry is unknown to the reader: its name says something.
    return tallies.visible_themes(request.user).order_by("-featured", "name")


@api.get(
    "/sessions", response={200: list[SessionOut], **ERRORS}, summary="The sessions you may see"
)
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_sessions(request):
    return Session.objects.visible_to(request.user).select_related("group")


urlpatterns = [path("", api.urls)]
