"""The benchmarks' own arithmetic (benchmarks/harness.py, benchmarks/bench_edits.py): the
percentile they report and what they count as a stale read after an unpublish. No server is
started and nothing is timed."""

import importlib
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def bench(monkeypatch):
    # The benchmarks are scripts that import their neighbours by name, as when run.
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("bench_edits")


@pytest.fixture
def harness(bench):
    return importlib.import_module("harness")


def test_percentile_takes_the_nearest_rank(harness):
    values = [5, 1, 4, 2, 3]
    assert harness.percentile(values, 0.5) == 3
    assert harness.percentile(values, 0) == 1
    assert harness.percentile(values, 1) == 5
    assert harness.percentile(list(range(1, 101)), 0.99) == 99


def test_percentile_of_nothing_is_refused(harness):
    with pytest.raises(ValueError):
        harness.percentile([], 0.5)


SESSION = "/groups/corpus-group-0/sessions/1/"
LINKS = [SESSION, "/findings/73/", "/findings/74/"]


@pytest.mark.parametrize(
    "body",
    [
        b'<a href="/findings/73/">A learning point</a>',
        b'<link href="https://127.0.0.1/findings/74/"/>',  # the Atom feed's absolute links
        b'<a href="/groups/corpus-group-0/sessions/1/">Session 1</a>',
    ],
)
def test_a_page_still_linking_to_the_session_or_its_items_is_stale(bench, body):
    assert bench.is_stale("/findings/", 200, body, LINKS)


@pytest.mark.parametrize(
    "body",
    [
        b'<a href="/findings/173/">another item</a> <a href="/findings/7/">and another</a>',
        b'<a href="/groups/corpus-group-0/sessions/11/">Session 11</a>',
        b'<a href="/groups/corpus-group-0/sessions/1/report.pdf">not the page</a>',
    ],
)
def test_a_page_linking_only_to_other_items_is_not_stale(bench, body):
    assert not bench.is_stale("/findings/", 200, body, LINKS)


def test_the_unpublished_sessions_own_page_is_stale_unless_it_is_gone(bench):
    assert bench.is_stale("session page", 200, b"", LINKS)
    assert bench.is_stale("session page", 302, b"", LINKS)
    assert not bench.is_stale("session page", 404, b"Not found", LINKS)
    assert not bench.is_stale("session page", 410, b"", LINKS)
