"""A small HTTP load generator: N concurrent clients, each sending its next request as soon as
the previous answer is in (no think time), with latency percentiles.

The benchmarks run the load generator on the machine that serves Brug, so whatever CPU the
generator uses is taken from the server it measures. Clients in threads of a few Python
processes cost about 0.6 ms of CPU per request (http.client's parsing, threads handing the
interpreter lock around), 7–8% of an agenda page. Here one process drives every client
through non-blocking sockets and reads only what it needs (the status line and the body's
length): about a tenth of that. Latency is measured from before the connection is opened
(the server closes it after each answer, as gunicorn's sync workers do) until the whole body
is in.
"""

from __future__ import annotations

import selectors
import socket
import statistics
import time

_HEAD_END = b"\r\n\r\n"


class _Client:
    __slots__ = ("paths", "request_for", "sock", "buffer", "start", "head", "length", "next")

    def __init__(self, host: str, cookie: str, paths: list[str]):
        self.paths = paths
        self.next = 0
        self.request_for = {path: (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
                                   "Connection: close\r\n\r\n").encode() for path in set(paths)}
        self.sock: socket.socket | None = None
        self.buffer = bytearray()
        self.start = 0.0
        self.head: bytes | None = None
        self.length: int | None = None


def _status(head: bytes) -> int:
    try:
        return int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return None


def run(host: str, port: int, clients: list[tuple[str, list[str]]]) -> dict:
    """`clients`: one (cookie, paths) per concurrent client."""
    selector = selectors.DefaultSelector()
    latencies: list[float] = []
    errors: list = []
    active = 0

    def start(client: _Client) -> bool:
        if client.next >= len(client.paths):
            return False
        client.buffer.clear()
        client.head, client.length = None, None
        client.start = time.perf_counter()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.connect_ex((host, port))
        client.sock = sock
        selector.register(sock, selectors.EVENT_WRITE, client)
        return True

    def finish(client: _Client, error=None) -> None:
        nonlocal active
        selector.unregister(client.sock)
        client.sock.close()
        client.sock = None
        if error is not None:
            errors.append(error)
        else:
            latencies.append(time.perf_counter() - client.start)
        client.next += 1
        if not start(client):
            active -= 1

    everyone = [_Client(host, cookie, paths) for cookie, paths in clients]
    began = time.perf_counter()
    for client in everyone:
        active += start(client)
    while active:
        for key, events in selector.select(timeout=30):
            client: _Client = key.data
            sock = client.sock
            if events & selectors.EVENT_WRITE:
                try:
                    sock.sendall(client.request_for[client.paths[client.next]])
                except OSError as exc:
                    finish(client, repr(exc))
                    continue
                selector.modify(sock, selectors.EVENT_READ, client)
                continue
            try:
                chunk = sock.recv(262144)
            except OSError as exc:
                finish(client, repr(exc))
                continue
            if chunk:
                client.buffer += chunk
            if client.head is None:
                end = client.buffer.find(_HEAD_END)
                if end >= 0:
                    client.head = bytes(client.buffer[:end])
                    del client.buffer[:end + len(_HEAD_END)]
                    client.length = _content_length(client.head)
            if client.head is not None and (
                    not chunk or (client.length is not None
                                  and len(client.buffer) >= client.length)):
                status = _status(client.head)
                finish(client, None if status == 200 else status)
            elif not chunk:
                finish(client, "connection closed before the answer")
    elapsed = time.perf_counter() - began
    selector.close()
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

