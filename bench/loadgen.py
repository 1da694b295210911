"""A small HTTP load generator: N concurrent keep-alive clients, latency percentiles.

Clients run in several processes (threads inside each) so the generator itself is not the
bottleneck of one Python interpreter.
"""

from __future__ import annotations

import http.client
import multiprocessing as mp
import statistics
import threading
import time
from collections.abc import Callable


def _client(host: str, port: int, cookie: str, paths: list[str], out: list, errors: list):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    for path in paths:
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie, "Host": host})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(repr(exc))
            conn = http.client.HTTPConnection(host, port, timeout=30)
            continue
        out.append(time.perf_counter() - start)
    conn.close()


def _process(host, port, jobs, queue):
    results: list[float] = []
    errors: list = []
    threads = [threading.Thread(target=_client, args=(host, port, cookie, paths, results, errors))
               for cookie, paths in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((results, errors))


def run(host: str, port: int, clients: list[tuple[str, list[str]]], processes: int = 4) -> dict:
    """`clients`: one (cookie, paths) per concurrent client."""
    queue: mp.Queue = mp.Queue()
    groups = [clients[i::processes] for i in range(processes)]
    procs = [mp.Process(target=_process, args=(host, port, g, queue)) for g in groups if g]
    start = time.perf_counter()
    for p in procs:
        p.start()
    latencies: list[float] = []
    errors: list = []
    for _ in procs:
        res, err = queue.get()
        latencies += res
        errors += err
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "errors": len(errors),
        "median_ms": statistics.median(latencies) * 1000 if n else float("nan"),
        "p95_ms": latencies[int(n * 0.95) - 1] * 1000 if n else float("nan"),
        "rps": n / elapsed if elapsed else 0.0,
    }


def table(rows: list[tuple[str, dict]], target_ms: float | None = None) -> str:
    lines = [f"{'page':<34}{'requests':>9}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'req/s':>9}"
             + ("  target" if target_ms else "")]
    for name, r in rows:
        verdict = ""
        if target_ms:
            verdict = "  ok" if r["p95_ms"] < target_ms and not r["errors"] else "  MISSED"
        lines.append(f"{name:<34}{r['requests']:>9}{r['errors']:>8}{r['median_ms']:>11.1f}"
                     f"{r['p95_ms']:>9.1f}{r['rps']:>9.1f}{verdict}")
    return "\n".join(lines)


Timer = Callable[[], float]
