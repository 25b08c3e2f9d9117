"""The importer's code stays readable and ships only what the product needs (issue 23, points 4
and 5): no function above complexity 15, no module above 400 lines, no test tooling in the app,
and the two lock files pin the same version of every package they share."""

import ast
import re
from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "imports"
DEV_ONLY = {"docx", "pytest", "radon", "factory", "hypothesis", "playwright"}


def _modules():
    return sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def test_no_function_of_the_importer_is_above_complexity_15():
    complex_ones = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({block.complexity})"
        for path in _modules()
        for block in cc_visit(path.read_text())
        if block.complexity > 15
    ]
    assert complex_ones == []


def test_no_module_of_the_importer_is_above_400_lines():
    long_ones = [
        f"{path.relative_to(ROOT)} ({n})"
        for path in _modules()
        if (n := len(path.read_text().splitlines())) > 400
    ]
    assert long_ones == []


def test_the_importer_imports_no_dev_only_package():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in DEV_ONLY]
    assert found == []
    assert not (APP / "quality.py").exists()


def _pins(name):
    text = (ROOT / name).read_text()
    return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.MULTILINE))


def test_the_two_lock_files_pin_the_same_versions():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert "pypdf" in runtime
    assert "cryptography" in runtime  # pypdf needs it for AES-encrypted PDFs
    differing = {n: (v, dev.get(n)) for n, v in runtime.items() if dev.get(n) != v}
    assert differing == {}
