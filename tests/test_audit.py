"""The dependency audit (.ci/audit.py) never turns "could not ask" into "no vulnerabilities"."""

from __future__ import annotations

import importlib.util
import json
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with socket.socket() as s:  # a port nobody listens on: PyPI "unreachable"
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(module, "PYPI", f"http://127.0.0.1:{port}/pypi")
    return module


@pytest.fixture
def lock(tmp_path):
    path = tmp_path / "requirements.lock"
    path.write_text("django==6.1.3 \\\n    --hash=sha256:00\nrequests==2.34.2 \\\n    --hash=sha256:11\n")
    return path


def skipped(*names):
    return {n: {"skip": "Dependency not found on PyPI"} for n in names}


def test_an_outage_is_not_a_pass(audit, lock, capsys):
    assert audit.audit(lock, skipped("django", "requests"), None) == 2
    out = capsys.readouterr().out
    assert "NOT AUDITED django==6.1.3" in out and "NOT a pass" in out


def test_a_local_advisory_copy_settles_what_the_network_could_not(audit, lock, tmp_path, capsys):
    osv = tmp_path / "osv"
    osv.mkdir()
    (osv / "PYSEC-0000-1.json").write_text(json.dumps({
        "id": "PYSEC-0000-1",
        "affected": [{"package": {"ecosystem": "PyPI", "name": "Requests"},
                      "versions": ["2.34.1", "2.34.2"]}],
    }))
    (osv / "PYSEC-0000-2.json").write_text(json.dumps({
        "id": "PYSEC-0000-2",
        "affected": [{"package": {"ecosystem": "PyPI", "name": "django"}, "versions": ["5.0"]}],
    }))
    assert audit.audit(lock, skipped("django", "requests"), osv) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE requests==2.34.2: PYSEC-0000-1" in out and "django" not in out.split(
        "VULNERABLE")[1]


def test_pip_audits_own_findings_fail_the_run(audit, lock, capsys):
    verdict = {"django": {"vulns": ["GHSA-xxxx"]}, "requests": {"vulns": []}}
    assert audit.audit(lock, verdict, None) == 1
    assert "VULNERABLE django==6.1.3: GHSA-xxxx" in capsys.readouterr().out
    assert audit.audit(lock, {"django": {"vulns": []}, "requests": {"vulns": []}}, None) == 0
