"""Run every benchmark in bench/ (bench_*.py) one after another; each prints its own numbers.

    make bench                       # uses TEST_DATABASE_URL's server
    .venv/bin/python bench/run.py bench_pages   # just one
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    wanted = set(sys.argv[1:])
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and script.stem not in wanted:
            continue
        print(f"\n== {script.stem}", flush=True)
        failed += subprocess.call([sys.executable, str(script)], cwd=HERE.parent) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
