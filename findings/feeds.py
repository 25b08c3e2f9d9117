"""An Atom feed of newly published items, obeying the reader's visibility.

A feed reader is usually anonymous, so it sees public items only; a member's browser, signed
in, sees what the member may see. The feed is cached per content revision and audience.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ajc.cache import cached
from ajc.text import render_markdown
from ajc.visibility import audience_for

from .models import Item

FEED_LENGTH = 50


class LatestItemsFeed(Feed):
    feed_type = Atom1Feed
    title = "AJC learning groups: newly published findings"
    subtitle = "Learning points, risks and recommendations from the learning groups' sessions."
    author_name = "Academy for Justice Commissioning"

    def link(self):
        return reverse("findings:item_list")

    def get_object(self, request, *args, **kwargs):
        return request.user

    def items(self, user):
        # Dated by publication (``Item.published_at``: its session published, or it was added
        # to a published session), not by when the content was loaded or last edited.
        return (
            Item.objects.visible_to(user)
            .filter(published_at__isnull=False)
            .select_related("session__group")
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return render_markdown(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.session.group.name

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


latest_items_feed = LatestItemsFeed()


def latest_items(request):
    def build():
        response = latest_items_feed(request)
        return response.content, response["Content-Type"]

    content, content_type = cached("feed", audience_for(request.user), build, request.get_host())
    return HttpResponse(content, content_type=content_type)
