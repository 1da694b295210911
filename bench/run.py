"""Run every benchmark under bench/ (files named bench_*.py), one after another.

Each benchmark is its own script printing a table; run one alone with
`.venv/bin/python bench/bench_dossier.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402


def own_database(script: Path) -> str:
    """Each benchmark fills (and may flush) a PostgreSQL database of its own, never the demo's."""
    url = f"{common.SERVER}/brug_{script.stem}"
    common.ensure_database(url)
    return url


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n### {script.name}", flush=True)
        url = own_database(script)
        env = {**os.environ, "DATABASE_URL": url, "BENCH_DATABASE_URL": url,
               "SECRET_KEY": "bench-only", "BRUG_TESTING": "1"}
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent, env=env).returncode:
            failed.append(script.name)
    if failed:
        print("\nfailed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
