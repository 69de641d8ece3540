"""DESIGN.md's one-way dependencies: kg <- embeddings <- ingest <- api; Flask only in api."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("kg", "embeddings", "ingest", "api")
ALLOWED = {"kg": set(), "embeddings": {"kg"}, "ingest": {"kg", "embeddings"}, "api": {"kg", "embeddings", "ingest"}}
WEB = {"flask", "werkzeug", "waitress"}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", OURS)
def test_imports_point_one_way(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    for path in files:
        imported = imports_of(path)
        wrong = (imported & set(OURS)) - ALLOWED[package] - {package}
        assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"
        if package != "api":
            assert not imported & WEB, f"{path.relative_to(ROOT)} imports a web framework"


def test_the_checker_sees_a_wrong_way_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from api.service import Service\nimport flask\n")
    assert {"api", "flask"} <= imports_of(bad)


def test_every_module_says_what_it_is_for_and_packages_name_their_api():
    for package in OURS:
        init = ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(init), package
        assert any(isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)
                   for n in init.body), package
        for path in (ROOT / package).rglob("*.py"):
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path
