"""The layering rules of DESIGN.md §4, checked on the source: Qt only in ui/, SQL only in store.py."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "annotator"
QT = {"PySide6", "shiboken6"}
SQL_CALLS = {"execute", "executemany", "executescript"}


def modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "store.py" in found and PACKAGE / "model.py" in found
    return found


def imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def qt_imports_outside_ui() -> list[str]:
    offenders = []
    for path in modules():
        if (PACKAGE / "ui") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        offenders += [f"{path.relative_to(ROOT)} imports {m}" for m in imported_roots(tree) & QT]
    return offenders


def sql_calls_outside_store() -> list[str]:
    offenders = []
    for path in modules():
        if path == PACKAGE / "store.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()")
    return offenders


def test_nothing_outside_ui_imports_qt():
    assert qt_imports_outside_ui() == []


def test_sql_is_executed_only_in_store():
    assert sql_calls_outside_store() == []


def test_the_checks_catch_what_they_look_for(tmp_path, monkeypatch):
    """Plant an offending module and see both checks name it."""
    fake = tmp_path / "annotator"
    (fake / "ui").mkdir(parents=True)
    (fake / "store.py").write_text("db.execute('SELECT 1')\n")
    (fake / "model.py").write_text("")
    (fake / "ui" / "view.py").write_text("from PySide6.QtWidgets import QWidget\n")
    (fake / "report.py").write_text(
        "import shiboken6\nfrom PySide6 import QtCore\n\ndef f(c):\n    c.executemany('x', [])\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert sorted(qt_imports_outside_ui()) == [
        "annotator/report.py imports PySide6",
        "annotator/report.py imports shiboken6",
    ]
    assert sql_calls_outside_store() == ["annotator/report.py:5 .executemany()"]


def importlinter_config(tmp_path: Path) -> Path:
    """The import-linter contracts of pyproject.toml, in a file lint-imports can run.

    Forbidding PySide6 (an external package) needs include_external_packages; it is set here
    so that the contracts themselves are what is checked.
    """
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    lines = ["[tool.importlinter]"]
    settings = {k: v for k, v in linter.items() if k != "contracts"}
    settings["include_external_packages"] = True
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    for contract in linter["contracts"]:
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in contract.items()]
    path = tmp_path / "importlinter.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_linter_contracts_are_kept(tmp_path):
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(importlinter_config(tmp_path)), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken." in result.stdout


# Parsers that expand entities (a "billion laughs" file or an external entity) when reading XML.
XML_READERS = {"xml.etree", "xml.dom", "xml.sax", "xml.parsers", "lxml", "xmltodict"}
XML_WRITE_HELPERS = {"xml.sax.saxutils"}  # escaping for the XML we write, no parser


def xml_readers_used(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name not in XML_WRITE_HELPERS and name.startswith(tuple(XML_READERS)):
                    found.append(f"{path.name}: {name}")
    return found


def test_no_xml_is_read_with_an_entity_expanding_parser(tmp_path):
    """We only write XML (XMI, Label Studio's config). Reading it must go through defusedxml."""
    assert xml_readers_used(modules()) == []
    planted = tmp_path / "reader.py"
    planted.write_text("import xml.etree.ElementTree as ET\nfrom lxml import etree\n")
    assert xml_readers_used([planted]) == ["reader.py: xml.etree.ElementTree", "reader.py: lxml"]


def _distribution_key(name: str) -> str:
    return re.split(r"[<>=!;\[ ]", name, maxsplit=1)[0].strip().lower().replace("_", "-")


def undeclared_imports() -> list[str]:
    """Third-party packages the code imports that `pip install annotator` would not bring.

    Optional extras count as declared: their features say which extra to install when missing.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [
        r for name, reqs in project["optional-dependencies"].items() if name != "test" for r in reqs
    ]
    declared = {_distribution_key(r) for r in project["dependencies"] + extras}
    providers = importlib.metadata.packages_distributions()
    offenders = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for root in imported_roots(tree) - set(sys.stdlib_module_names) - {"annotator"}:
            dists = {_distribution_key(d) for d in providers.get(root, [root])}
            if not dists & declared:
                offenders.append(f"{path.relative_to(ROOT)} imports {root} ({', '.join(dists)})")
    return offenders


def test_every_package_the_code_imports_is_a_declared_dependency():
    # The tests install the test extras, which bring much more: a plain install would not.
    assert undeclared_imports() == []
