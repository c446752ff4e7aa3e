"""progres sits above skp and ekinerja and below penilaian: it never imports penilaian."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "progres"


def test_progres_imports_no_higher_app():
    found = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [(path.name, n) for n in names
                      if n.split(".")[0] in {"penilaian", "matriks", "monitoring"}]
    assert found == []
