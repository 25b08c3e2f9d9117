"""The test world itself: the settings the tests run under, and the corpus builder that the
tests, benchmarks/bench_pages.py and scripts/loadtest.py share, so it cannot silently rot."""

import collections
import os

import pytest
from django.conf import settings

from findings.models import Item, Theme, ThemedItem
from sessions.models import LearningGroup, Sector, Session

from .factories import CORPUS_RARE_THEME, CORPUS_THEMES, build_corpus

pytestmark = pytest.mark.django_db


def test_tests_run_under_the_test_settings_with_the_fast_hasher():
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "ajc.settings.test"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_corpus_has_the_counts_it_promises():
    corpus = build_corpus(
        2_500, rare_theme_every=100, items_per_session=50, sessions_per_group=5, batch_size=700
    )
    assert (corpus.items, corpus.sessions, corpus.groups) == (2_500, 50, 10)
    assert Item.objects.count() == 2_500
    assert Session.objects.count() == 50
    assert LearningGroup.objects.count() == 10
    assert set(Session.objects.values_list("number", flat=True)) == set(range(1, 6))
    assert Theme.objects.count() == len(CORPUS_THEMES) + 1
    assert Sector.objects.count() == 3

    kinds = collections.Counter(Item.objects.values_list("kind", flat=True))
    assert kinds == {"finding": 1_500, "risk": 500, "recommendation": 500}
    assert not Item.objects.filter(themed_items=None).exists()
    assert not Item.objects.exclude(kind="finding").filter(sectors__isnull=False).exists()
    for recommendation in Item.objects.filter(kind="recommendation")[:50]:
        (risk,) = recommendation.answers.all()
        assert risk.kind == "risk" and risk.session_id == recommendation.session_id
    # Every item is findable in report order: kind_order set although save() never ran.
    for item in Item.objects.all()[:50]:
        assert item.kind_order == Item.KIND_ORDER[item.kind]


def test_the_rare_theme_is_on_exactly_every_nth_item():
    corpus = build_corpus(1_001, rare_theme_every=250, items_per_session=100)
    assert corpus.rare_theme.slug == CORPUS_RARE_THEME[0]
    rare = Item.objects.filter(themed_items__tag=corpus.rare_theme).order_by("order")
    assert corpus.rare_items == 5
    assert list(rare.values_list("order", flat=True)) == [0, 250, 500, 750, 1000]
    common = ThemedItem.objects.exclude(tag=corpus.rare_theme).count() / corpus.items
    assert 1.5 < common < 2.5  # one to three common themes an item


def test_the_same_seed_gives_the_same_corpus():
    build_corpus(300, seed=7)
    first = list(Item.objects.order_by("order").values_list("text", "visibility"))
    Item.objects.all().delete()
    Session.objects.all().delete()
    LearningGroup.objects.all().delete()
    build_corpus(300, seed=7)
    assert list(Item.objects.order_by("order").values_list("text", "visibility")) == first


def test_corpus_builds_beside_the_pilot_content(pilot_content):
    before = Theme.objects.count()
    corpus = build_corpus(400, rare_theme_every=200)
    assert Theme.objects.count() == before + 1  # the pilot's themes are reused by slug
    assert Item.objects.filter(session__group__slug__startswith="corpus-group-").count() == 400
    assert corpus.rare_items == 2
