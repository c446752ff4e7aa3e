"""Which way imports go (docs style.md, issue 11 item 4), checked on the source itself.

ekinerja is the ground floor and imports no domain app; skp stands on ekinerja only; matriks
and penilaian stand on skp and never import each other. Every import statement counts: module
level, inside functions (AppConfig.ready(), lazy imports) and under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("ekinerja", "skp", "matriks", "penilaian", "progres", "monitoring")
DOMAIN = ("skp", "penilaian", "matriks", "progres", "monitoring", "skala")

# app -> the top-level packages it must never import
FORBIDDEN: dict[str, set[str]] = {
    "ekinerja": set(DOMAIN),
    "skp": {"penilaian", "matriks", "progres", "monitoring"},
    "matriks": {"penilaian"},
    "penilaian": {"matriks"},
}


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in `source`, at any depth."""
    package = module.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def modules() -> list[tuple[str, Path]]:
    out = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            out.append((".".join(parts), path))
    return out


def violations() -> list[str]:
    out = []
    for module, path in modules():
        forbidden = FORBIDDEN.get(module.split(".")[0], set())
        for line, name in imported_modules(path.read_text(), module):
            if name.split(".")[0] in forbidden:
                out.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return out


def test_it_finds_every_kind_of_import():
    source = (
        "import skp.models\n"
        "from penilaian import rules\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from matriks.models import BarisMatriks\n"
        "def ready():\n    from progres.models import X\n"
        "from .models import Y\n"
    )
    names = sorted(name for _line, name in imported_modules(source, "skp.apps"))
    assert names == ["matriks.models", "penilaian", "progres.models", "skp.models", "skp.models",
                     "typing"]


def test_it_walks_the_apps_modules():
    found = dict(modules())
    assert "ekinerja.urls" in found and "skp.models" in found and "penilaian.apps" in found
    assert not any("migrations" in name for name in found)


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_it_keeps_imports_pointing_down(app):
    assert [v for v in violations() if v.startswith(f"{app}/")] == []
