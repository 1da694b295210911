"""An open-loop HTTP load generator: requests leave on a fixed schedule, answered or not.

A closed-loop generator (N clients, each sending its next request when the previous answer
is in) slows down with the server it measures: when the server stalls, fewer requests are
sent, and the stall hides in the few slow answers it did get ("coordinated omission"). Here
the send times are drawn up front (Poisson arrivals at a given rate, from a seed) and each
request's latency is counted from its *scheduled* time until its answer is complete, so a
queue in the server shows in the figures, whatever the generator does.

One process drives every connection with asyncio (a protocol per exchange, no HTTP library):
the server is gunicorn's sync worker, which closes the connection after each answer, so an
answer is complete when the connection closes. The generator reports how late it sent
(its own lag) and the CPU it used, so one can tell that it was not the bottleneck.

The server is reached as if through the TLS proxy of a deployment (`X-Forwarded-Proto:
https`, with `BEHIND_TLS_PROXY=1` on the server side): secure cookies, CSRF origin checks
and HTTPS redirects behave as in production.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

HEAD_END = b"\r\n\r\n"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Planned:
    at: float  # seconds after the start of the run
    page: str  # the row of the table it counts in
    path: str
    cookie: str


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # page -> ms
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # page, path, what
    lags: list[float] = field(default_factory=list)  # ms the generator sent late
    duration: float = 0.0  # seconds measured
    wall: float = 0.0  # seconds of the whole run, warm-up and drain included
    sent: int = 0  # requests sent, warm-up included
    cpu: float = 0.0  # the generator's CPU seconds over the whole run
    machine: float = 0.0  # share of the machine's CPU busy over the run (all processes)
    server_cpu: float = 0.0  # CPU seconds of the gunicorn workers over the run
    aborted: str = ""  # why the run stopped before its schedule ended

    def count(self, page: str | None = None) -> int:
        if page is None:
            return sum(len(v) for v in self.latencies.values())
        return len(self.latencies.get(page, []))

    def errors_of(self, page: str) -> int:
        return sum(1 for p, _path, _what in self.errors if p == page)


class _Exchange(asyncio.Protocol):
    """One request on its own connection; `done` resolves with (status, head, body|None)."""

    __slots__ = ("payload", "keep", "done", "buffer", "status", "received")

    def __init__(self, payload: bytes, done: asyncio.Future, keep: bool):
        self.payload = payload
        self.keep = keep  # keep the answer (logins); pages only need their status
        self.done = done
        self.buffer = bytearray()
        self.status = 0
        self.received = 0

    def connection_made(self, transport) -> None:
        transport.write(self.payload)

    def data_received(self, data: bytes) -> None:
        self.received += len(data)
        if self.keep or not self.status:
            self.buffer += data
            if not self.status and b"\r\n" in self.buffer:
                try:
                    self.status = int(bytes(self.buffer[:self.buffer.index(b"\r\n")])
                                      .split(b" ", 2)[1])
                except (IndexError, ValueError):
                    self.status = -1
                if not self.keep:
                    self.buffer.clear()

    def connection_lost(self, exc) -> None:
        if not self.done.done():
            if exc is not None and not self.status:
                self.done.set_exception(exc)
            else:
                self.done.set_result((self.status, bytes(self.buffer)))


class Client:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.authority = f"{host}:{port}"

    def request(self, method: str, path: str, cookie: str = "", body: bytes = b"",
                extra: str = "") -> bytes:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.authority}\r\n"
                "User-Agent: brug-bench\r\nAccept: text/html\r\nX-Forwarded-Proto: https\r\n"
                "Connection: close\r\n")
        if cookie:
            head += f"Cookie: {cookie}\r\n"
        if body:
            head += ("Content-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: {len(body)}\r\n")
        return (head + extra + "\r\n").encode() + body

    async def exchange(self, payload: bytes, *, keep: bool = False) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        await loop.create_connection(lambda: _Exchange(payload, done, keep), self.host,
                                     self.port)
        return await done

    # ------------------------------------------------------------ logging in

    async def login(self, username: str, password: str) -> str:
        """Log in as a browser does: the login form (its CSRF cookie and field), then the
        form posted back; returns the Cookie header the browser sends from then on."""
        jar: dict[str, str] = {}
        status, answer = await self.exchange(self.request("GET", "/inloggen/"), keep=True)
        head, _sep, body = answer.partition(HEAD_END)
        _take_cookies(head, jar)
        token = CSRF_FIELD.search(body)
        if status != 200 or token is None:
            raise RuntimeError(f"login form of {username}: status {status}")
        form = urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "username": username,
                          "password": password}).encode()
        status, answer = await self.exchange(
            self.request("POST", "/inloggen/", _cookie_header(jar), form,
                         extra=f"Origin: https://{self.authority}\r\n"
                               f"Referer: https://{self.authority}/inloggen/\r\n"),
            keep=True)
        _take_cookies(answer.partition(HEAD_END)[0], jar)
        if status != 302 or len(jar) < 2:
            raise RuntimeError(f"login of {username}: status {status}, cookies {sorted(jar)}")
        return _cookie_header(jar)

    async def login_all(self, users: Sequence[str], password: str,
                        concurrency: int = 4) -> list[str]:
        cookies: list[str] = [""] * len(users)
        queue = list(enumerate(users))

        async def work() -> None:
            while queue:
                k, username = queue.pop()
                cookies[k] = await self.login(username, password)

        await asyncio.gather(*(work() for _ in range(concurrency)))
        return cookies

    # ------------------------------------------------------------ one at a time

    async def one_at_a_time(self, paths: Sequence[tuple[str, str]]) -> list[tuple[float, int]]:
        """(ms, status) of each (path, cookie), sent one after the other: service times
        without a queue."""
        loop = asyncio.get_running_loop()
        out = []
        for path, cookie in paths:
            started = loop.time()
            status, _body = await self.exchange(self.request("GET", path, cookie))
            out.append(((loop.time() - started) * 1000, status))
        return out

    async def settle(self, path: str, cookie: str, *, quiet_ms: float = 100,
                     patience: float = 180) -> None:
        """Wait until the server answers `path` quickly three times in a row: requests that
        an overloaded run left in its queue are worked off before the next run starts."""
        loop = asyncio.get_running_loop()
        until, calm = loop.time() + patience, 0
        while calm < 3 and loop.time() < until:
            (ms, _status), = await self.one_at_a_time([(path, cookie)])
            calm = calm + 1 if ms < quiet_ms else 0
            await asyncio.sleep(0.2)

    # ------------------------------------------------------------ an open-loop run

    async def run(self, plan: Sequence[Planned], *, measure_from: float, drain: float = 15.0,
                  max_outstanding: int = 2000) -> Result:
        """Send `plan` on its schedule; requests scheduled before `measure_from` (seconds)
        warm up and are not counted. Stops sending when more than `max_outstanding` answers
        are due (the server is far past what it sustains); answers not in `drain` seconds
        after the last send count as errors."""
        loop = asyncio.get_running_loop()
        result = Result()
        payloads: dict[tuple[str, str], bytes] = {}
        pending: set[asyncio.Task] = set()
        cpu0 = time.process_time()
        start = loop.time() + 0.05

        async def one(item: Planned, scheduled: float, payload: bytes) -> None:
            counted = item.at >= measure_from
            try:
                status, _body = await self.exchange(payload)
            except OSError as exc:
                if counted:
                    result.errors.append((item.page, item.path, type(exc).__name__))
                return
            if not counted:
                return
            if status == 200:
                result.latencies.setdefault(item.page, []).append(
                    (loop.time() - scheduled) * 1000)
            else:
                result.errors.append((item.page, item.path, f"HTTP {status}"))

        late_items: dict[asyncio.Task, Planned] = {}
        for item in plan:
            scheduled = start + item.at
            delay = scheduled - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if item.at >= measure_from:
                result.lags.append(max(0.0, loop.time() - scheduled) * 1000)
            if len(pending) > max_outstanding:
                result.aborted = (f"{len(pending)} answers outstanding after "
                                  f"{item.at:.0f} s: far past what the server sustains")
                break
            key = (item.path, item.cookie)
            payload = payloads.get(key)
            if payload is None:
                payload = payloads[key] = self.request("GET", item.path, item.cookie)
            result.sent += 1
            task = asyncio.ensure_future(one(item, scheduled, payload))
            late_items[task] = item
            pending.add(task)
            task.add_done_callback(pending.discard)
            task.add_done_callback(late_items.pop)
        if pending:
            _done, late = await asyncio.wait(set(pending), timeout=drain)
            for task in late:
                item = late_items.get(task)
                task.cancel()
                if item is not None and item.at >= measure_from:
                    result.errors.append((item.page, item.path, "no answer in time"))
        result.duration = max(0.0, (plan[-1].at if plan else 0.0) - measure_from)
        result.cpu = time.process_time() - cpu0
        result.wall = loop.time() - start
        return result


def _take_cookies(head: bytes, jar: dict[str, str]) -> None:
    for line in head.split(b"\r\n")[1:]:
        name, _sep, value = line.partition(b":")
        if name.strip().lower() == b"set-cookie":
            pair = value.strip().split(b";", 1)[0].decode()
            key, _eq, val = pair.partition("=")
            if val and val != '""':
                jar[key] = val
            else:
                jar.pop(key, None)


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in sorted(jar.items()))


# ---------------------------------------------------------------- schedules

Chooser = Callable[[random.Random], tuple[str, str]]  # -> (path, cookie)


def poisson_plan(rate: float, seconds: float, pages: dict[str, tuple[float, Chooser]],
                 seed: int) -> list[Planned]:
    """Arrivals at `rate` per second for `seconds`, each a page drawn by weight and its
    path and session drawn by the page's chooser: the same seed, the same plan."""
    rng = random.Random(seed)
    names = list(pages)
    weights = [pages[n][0] for n in names]
    plan = []
    t = rng.expovariate(rate)
    while t < seconds:
        name = rng.choices(names, weights)[0]
        path, cookie = pages[name][1](rng)
        plan.append(Planned(t, name, path, cookie))
        t += rng.expovariate(rate)
    return plan


# ---------------------------------------------------------------- tables

def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


def table(result: Result, pages: Sequence[str], target_ms: float) -> str:
    lines = [f"{'page':<30}{'share':>6}{'answers':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}"
             f"{'p99 ms':>8}{'max ms':>8}  p95 < {target_ms:.0f}"]
    total = max(1, result.count() + len(result.errors))
    for page in pages:
        values = sorted(result.latencies.get(page, []))
        errors = result.errors_of(page)
        p95 = percentile(values, 95)
        verdict = "ok" if values and p95 < target_ms and not errors else "MISSED"
        lines.append(f"{page:<30}{(len(values) + errors) / total:>6.1%}{len(values):>9}"
                     f"{errors:>7}{percentile(values, 50):>8.0f}{p95:>8.0f}"
                     f"{percentile(values, 99):>8.0f}{(values[-1] if values else 0):>8.0f}"
                     f"  {verdict}")
    every = sorted(v for vs in result.latencies.values() for v in vs)
    lines.append(f"{'all pages':<30}{'':>6}{len(every):>9}{len(result.errors):>7}"
                 f"{percentile(every, 50):>8.0f}{percentile(every, 95):>8.0f}"
                 f"{percentile(every, 99):>8.0f}{(every[-1] if every else 0):>8.0f}")
    return "\n".join(lines)


def error_lines(result: Result, limit: int = 8) -> list[str]:
    """The errors, grouped by page and what went wrong, with one path each."""
    groups: dict[tuple[str, str], list[str]] = {}
    for page, path, what in result.errors:
        groups.setdefault((page, what), []).append(path)
    return [f"  {page}: {what} × {len(paths)} (e.g. {paths[0]})"
            for (page, what), paths in sorted(groups.items(), key=lambda g: -len(g[1]))[:limit]]


def passes(result: Result, target_ms: float, pages: Collection[str] | None = None) -> bool:
    """Every page's p95 (of `pages`, default all) under the target and no errors (an
    aborted run fails)."""
    if result.aborted or result.errors or not result.latencies:
        return False
    return all(percentile(sorted(v), 95) < target_ms for page, v in result.latencies.items()
               if pages is None or page in pages)


def generator_line(result: Result) -> str:
    lags = sorted(result.lags)
    cpu_share = result.cpu / result.wall if result.wall else 0.0
    return (f"load generator: {result.sent} requests sent, late by p99 "
            f"{percentile(lags, 99):.1f} ms (max {lags[-1] if lags else 0:.0f} ms); its CPU "
            f"{result.cpu:.1f} s = {cpu_share:.0%} of a core, "
            f"{1000 * result.cpu / max(1, result.sent):.2f} ms per request")
