"""The README, the docs and the code's docstrings name files, modules and settings that exist.

Docs drift when code moves: a path or a dotted name that no longer exists misleads the next
reader more than no mention at all. These checks read the text, not the code's behaviour."""

import ast
import functools
import importlib
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["ajc", "sessions", "findings", "reports", "imports", "followup"]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# `a/path.py`, ``a/path.py``, `folder/` in backticks: a file or folder of this repository.
QUOTED = re.compile(r"``?([^`\s]+)``?")
PATH = re.compile(r"^(?!\d+/)(?:[\w.-]+/)+[\w.-]*$|^[\w-]+\.(?:py|md|sh|toml|lock|yaml|html)$")
# ajc.cache, findings.indexing.refresh, reports.pdf: a module of the project, or a name in one.
DOTTED = re.compile(rf"^(?:{'|'.join(APPS)})(?:\.\w+)+$")
# Paths that stand for something made at run time or elsewhere, not a file of the repository.
MADE_ELSEWHERE = (
    "pdf/ua-1",
    "media/",
    "staticfiles/",
    ".venv/",
    "node_modules/",
    "benchmarks/results/",
)
# Dotted names that are not modules: the loggers the code writes to, file names.
LOGGER = re.compile(r"""getLogger\(["']([\w.]+)["']\)""")


def _texts():
    for path in DOCS:
        yield path, path.read_text()
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                    docstring = ast.get_docstring(node)
                    if docstring:
                        yield path, docstring
            # Comments name files too.
            comments = [line for line in path.read_text().splitlines() if "#" in line]
            yield path, "\n".join(comments)


def _exists(name: str, mentioned_in: Path) -> bool:
    name = name.split("#")[0].split("::")[0].rstrip(".,:;)")
    if not name or name.startswith(MADE_ELSEWHERE) or "<" in name or "*" in name:
        return True
    if "/" not in name.rstrip("/"):
        # A bare file name, as the README's table gives them beside their folder.
        return name.rstrip("/") in _names_in_repository()
    candidates = [ROOT / name, ROOT / "templates" / name, mentioned_in.parent / name]
    # The README's table names files within the folder of their row.
    candidates += [ROOT / app / name for app in APPS]
    return any(candidate.exists() for candidate in candidates)


_names: set[str] = set()


def _names_in_repository() -> set[str]:
    if not _names:
        skipped = {".git", ".venv", "node_modules", "__pycache__", ".hypothesis"}
        for _, folders, files in os.walk(ROOT):
            folders[:] = [folder for folder in folders if folder not in skipped]
            _names.update(folders)
            _names.update(files)
    return _names


@functools.cache
def _loggers() -> set[str]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            found.update(LOGGER.findall(path.read_text()))
    return found


def _importable(dotted: str) -> bool:
    if dotted.endswith((".md", ".py", ".html")) or dotted in _loggers():
        return True
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


@functools.cache
def _mentions() -> list[tuple[Path, str]]:
    return [(path, quoted) for path, text in _texts() for quoted in QUOTED.findall(text)]


@pytest.mark.parametrize("kind", ["paths", "dotted names"])
def test_every_path_and_dotted_name_the_docs_mention_exists(kind):
    missing = set()
    for path, quoted in _mentions():
        where = path.relative_to(ROOT)
        if kind == "paths" and PATH.match(quoted) and not _exists(quoted, path):
            missing.add(f"{where}: {quoted}")
        if kind == "dotted names" and DOTTED.match(quoted) and not _importable(quoted):
            missing.add(f"{where}: {quoted}")
    assert not missing, sorted(missing)


def _variables_read_by_settings() -> set[str]:
    read = re.compile(
        r"""(?:os\.environ(?:\.get)?|env_\w+|required)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
        r"""|os\.environ\[["']([A-Z][A-Z0-9_]+)["']\]"""
    )
    found = set()
    for path in (ROOT / "ajc" / "settings").glob("*.py"):
        for match in read.finditer(path.read_text()):
            found.add(match.group(1) or match.group(2))
    return found


def test_every_environment_variable_the_settings_read_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    read = _variables_read_by_settings()
    assert len(read) > 30
    assert read - documented == set(), "read by ajc/settings but not in the README's table"


def test_the_check_sees_a_missing_path_and_a_missing_name():
    assert not _exists("ajc/no_such_module.py", ROOT / "README.md")
    assert _exists("ajc/cache/values.py", ROOT / "README.md")
    assert not _importable("findings.indexing.no_such_function")
    assert _importable("findings.indexing.refresh")
