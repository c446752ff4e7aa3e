#!/usr/bin/env python3
"""Known vulnerabilities in the runtime lock (requirements.lock): pip-audit, and never a silent pass.

1. pip-audit asks PyPI's per-release JSON API (`-s pypi`) about every pinned package.
2. A package pip-audit could not audit (the per-release endpoint did not answer: an outage, or a
   registry mirror that serves only the per-project endpoint, as on the project's machines) is
   looked up in PyPI's per-project JSON, whose `vulnerabilities` describe the *latest* release:
   that settles it when the pin is the latest release.
3. Still unsettled packages are looked up in a local advisory copy when PIP_AUDIT_ADVISORIES
   names one: a directory of OSV records of the PyPI ecosystem, e.g. osv.dev's export
   (https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip, unzipped) fetched while
   the network is up. A record matches when the package is listed with the pinned version.
4. Whatever is still unaudited fails the run (exit 2) unless `.ci/audit-unverifiable.txt` lists
   it with a reason: a network outage reads as "not audited", never as "no vulnerabilities".

Exit 0: every package audited (or explicitly acknowledged), none vulnerable. Exit 1: known
vulnerabilities (upgrade: `make locks`). Exit 2: packages left unaudited.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPI = os.environ.get("PYPI_JSON_URL", "https://pypi.org/pypi")
ACK = Path(__file__).with_name("audit-unverifiable.txt")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    found = {}
    for line in lock.read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", line)
        if m:
            found[canonical(m.group(1))] = m.group(2)
    return found


def run_pip_audit(lock: Path) -> dict[str, dict]:
    """pip-audit's verdict per package: {"vulns": [...]} or {"skip": reason}."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        cmd = [str(Path(sys.executable).parent / "pip-audit"), "-r", str(lock),
               "--require-hashes", "--disable-pip", "--no-deps", "-s", "pypi", "-f", "json",
               "-o", str(out), "--progress-spinner", "off", "--timeout", "20"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
        if not out.exists():
            print(f"pip-audit did not run (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
            return {}
        data = json.loads(out.read_text())
    verdict = {}
    for dep in data.get("dependencies", []):
        name = canonical(dep["name"])
        if dep.get("skip_reason"):
            verdict[name] = {"skip": dep["skip_reason"]}
        else:
            verdict[name] = {"vulns": [v["id"] for v in dep.get("vulns", [])]}
    return verdict


def project_json(name: str, version: str) -> list[str] | None:
    """Vulnerabilities of `version` per PyPI's per-project JSON; None when it cannot tell."""
    try:
        with urllib.request.urlopen(f"{PYPI}/{name}/json", timeout=20) as response:  # noqa: S310
            data = json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    if data.get("info", {}).get("version") != version:
        return None  # the endpoint describes the latest release, not our pin
    return [v["id"] for v in data.get("vulnerabilities", []) if not v.get("withdrawn")]


def local_copy(directory: Path, name: str, version: str) -> list[str]:
    """OSV records in `directory` that list `name` at `version` (PyPI ecosystem)."""
    hits = []
    for path in directory.rglob("*.json"):
        try:
            record = json.loads(path.read_text())
        except ValueError:
            continue
        for affected in record.get("affected", []):
            package = affected.get("package", {})
            if (package.get("ecosystem") == "PyPI" and canonical(package.get("name", "")) == name
                    and version in affected.get("versions", []) and not record.get("withdrawn")):
                hits.append(record["id"])
    return hits


def acknowledged() -> dict[str, str]:
    if not ACK.exists():
        return {}
    rows = {}
    for line in ACK.read_text().splitlines():
        pin, _hash, reason = line.partition("#")
        if pin.strip():
            rows[pin.strip()] = reason.strip() or "no reason given"
    return rows


def audit(lock: Path, verdict: dict[str, dict], advisories: Path | None) -> int:
    vulnerable: dict[str, list[str]] = {}
    how: dict[str, str] = {}
    unaudited: list[str] = []
    for name, version in sorted(pins(lock).items()):
        result = verdict.get(name, {"skip": "not in pip-audit's report"})
        if "vulns" in result:
            how[name] = "pip-audit"
            found = result["vulns"]
        elif (found := project_json(name, version)) is not None:
            how[name] = "PyPI project JSON (pin is the latest release)"
        elif advisories is not None:
            how[name] = f"local advisory copy {advisories}"
            found = local_copy(advisories, name, version)
        else:
            unaudited.append(f"{name}=={version}")
            continue
        if found:
            vulnerable[f"{name}=={version}"] = found
    sources: dict[str, int] = {}
    for source in how.values():
        sources[source] = sources.get(source, 0) + 1
    print(f"audited {len(how)} of {len(how) + len(unaudited)} pinned packages: "
          + "; ".join(f"{n} by {s}" for s, n in sorted(sources.items())))
    for pin, ids in vulnerable.items():
        print(f"VULNERABLE {pin}: {', '.join(ids)}")
    ack = acknowledged()
    open_ = [p for p in unaudited if p not in ack]
    for pin in unaudited:
        print(f"NOT AUDITED {pin}" + (f"  (acknowledged: {ack[pin]})" if pin in ack else ""))
    if vulnerable:
        return 1
    if open_:
        print(f"{len(open_)} package(s) could not be audited: this is NOT a pass. Restore the "
              "network, set PIP_AUDIT_ADVISORIES to a local OSV copy, or (with a reason) list "
              f"them in {ACK.relative_to(ROOT)}.")
        return 2
    print("no known vulnerabilities")
    return 0


def main() -> int:
    lock = ROOT / "requirements.lock"
    env = os.environ.get("PIP_AUDIT_ADVISORIES")
    return audit(lock, run_pip_audit(lock), Path(env) if env else None)


if __name__ == "__main__":
    sys.exit(main())
