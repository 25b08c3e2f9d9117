"""The one caching idiom: key shape, invalidation, remembered failures, and nobody else calling
Django's cache directly."""

import ast
from pathlib import Path

import pytest

from ajc import cache

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = ["ajc", "sessions", "findings", "reports"]


def test_keys_name_the_value_the_audience_and_the_revision():
    key = cache.key("findings", "public", "q=pbr")
    assert key == f"ajc:findings:public:{cache.content_revision()}:q=pbr"


def test_keys_stay_short_whatever_the_query():
    long_one = cache.key("findings", "public", "q=" + "x" * 5000)
    other = cache.key("findings", "public", "q=" + "x" * 4999)
    assert len(long_one) <= 200 and long_one != other


def test_invalidate_makes_earlier_keys_unreachable():
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert cache.cached("probe", "public", compute) == 1
    assert cache.cached("probe", "public", compute) == 1
    cache.invalidate()
    assert cache.cached("probe", "public", compute) == 2


def test_audiences_never_share_a_value():
    cache.cached("probe-audience", "member", lambda: "members' copy")
    assert cache.cached("probe-audience", "public", lambda: "public copy") == "public copy"


def test_a_failure_is_remembered_when_asked_and_busy_never_is():
    calls = []

    def failing():
        calls.append(1)
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        cache.cached("probe-fail", "public", failing, remember_failure=60)
    with pytest.raises(cache.CachedFailure):
        cache.cached("probe-fail", "public", failing, remember_failure=60)
    assert len(calls) == 1

    def busy():
        calls.append(1)
        raise cache.Busy

    for _ in range(2):
        with pytest.raises(cache.Busy):
            cache.cached("probe-busy", "public", busy, remember_failure=60)
    assert len(calls) == 3


def _direct_cache_uses(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.cache"):
            found.append(f"{where}:{node.lineno} imports {node.module}")
        if isinstance(node, ast.Import) and any(
            alias.name.startswith("django.core.cache") for alias in node.names
        ):
            found.append(f"{where}:{node.lineno} imports django.core.cache")
    return found


def test_nothing_outside_the_caching_module_calls_the_cache():
    uses = [
        use
        for package in APP_CODE
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "ajc" / "cache.py" and "migrations" not in path.parts
        for use in _direct_cache_uses(path)
    ]
    assert uses == []


@pytest.mark.parametrize(
    "source",
    [
        "from django.core.cache import cache\n",
        "import django.core.cache\n",
        "from django.core.cache import caches\n",
    ],
)
def test_the_check_sees_a_direct_use(tmp_path, source):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text(source)
    assert _direct_cache_uses(sneaky, tmp_path)
