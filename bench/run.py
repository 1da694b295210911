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
SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def own_database(script: Path) -> str:
    """Each benchmark fills (and may flush) a PostgreSQL database of its own, never the demo's."""
    import psycopg

    name = "brug_" + script.stem
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')
    return f"{SERVER}/{name}"


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
