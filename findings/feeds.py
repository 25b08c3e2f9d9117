"""An Atom feed of newly published items, obeying the reader's visibility.

A feed reader is usually anonymous, so it sees public items only; a member's browser, signed
in, sees what the member may see. The feed is cached per content revision and audience, with
its entries beside it, so that after a narrowing edit its previous version is given without the
entries of what the edit hid while it is computed again.
"""

import dataclasses
import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ajc.cache import Hidden, Policy, cached
from ajc.text import render_markdown
from ajc.visibility import audience_for

from .models import Item

FEED_LENGTH = 50
# Named anew when what it keeps changed shape: a value kept by the code before is never read.
FEED = Policy("atom-feed")


@dataclasses.dataclass(frozen=True)
class Entry:
    """One item as the feed gives it, worked out once and kept with the feed."""

    pk: int
    session_id: int
    title: str
    description: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime
    author_name: str
    categories: list[str]

    @classmethod
    def of(cls, item: Item) -> "Entry":
        return cls(
            pk=item.pk,
            session_id=item.session_id,
            title=str(item),
            description=render_markdown(item.summary),
            link=item.get_absolute_url(),
            published=item.published_at,
            updated=item.updated_at,
            author_name=item.session.group.name,
            categories=[theme.name for theme in item.themes.all()],
        )

    def shows(self, hidden: Hidden) -> bool:
        return self.session_id in hidden.sessions or self.pk in hidden.items


class LatestItemsFeed(Feed):
    feed_type = Atom1Feed
    title = "AJC learning groups: newly published findings"
    subtitle = "Learning points, risks and recommendations from the learning groups' sessions."
    author_name = "Academy for Justice Commissioning"

    def link(self):
        return reverse("findings:item_list")

    def get_object(self, request, *args, **kwargs):
        # The entries to give: worked out from the items (``entries``), or kept (made safe).
        return request.feed_entries

    def items(self, entries):
        return entries

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_author_name(self, entry):
        return entry.author_name

    def item_categories(self, entry):
        return entry.categories


def entries(user) -> list[Entry]:
    """The newest items ``user`` may see, as the feed gives them. Dated by publication
    (``Item.published_at``: its session published, or it was added to a published session),
    not by when the content was loaded or last edited."""
    items = (
        Item.objects.visible_to(user)
        .filter(published_at__isnull=False)
        .select_related("session__group")
        .prefetch_related("themes")
        .order_by("-published_at", "-pk")[:FEED_LENGTH]
    )
    return [Entry.of(item) for item in items]


latest_items_feed = LatestItemsFeed()


def _feed(request, kept: list[Entry]) -> dict:
    request.feed_entries = kept
    response = latest_items_feed(request)
    return {"content": response.content, "content_type": response["Content-Type"], "kept": kept}


def latest_items(request):
    def made_safe(previous, hidden: Hidden):
        if previous.get("kept") is None:
            return None
        shown = [entry for entry in previous["kept"] if not entry.shows(hidden)]
        return _feed(request, shown) | {"kept": None}

    feed = cached(
        dataclasses.replace(FEED, made_safe=made_safe),
        audience_for(request.user),
        lambda: _feed(request, entries(request.user)),
        request.get_host(),
    )
    return HttpResponse(feed["content"], content_type=feed["content_type"])
