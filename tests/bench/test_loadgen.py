"""The benchmark's open-loop load generator, against a small server in this process."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench import loadgen


async def _serve(handle):
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def _run(plan, answer=b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", seconds=0.05):
    async def main():
        one_at_a_time = asyncio.Lock()

        async def handle(reader, writer):
            await reader.readuntil(b"\r\n\r\n")
            async with one_at_a_time:  # like one sync worker: a queue forms
                await asyncio.sleep(seconds)
                writer.write(answer)
                await writer.drain()
            writer.close()

        server, port = await _serve(handle)
        async with server:
            return await loadgen.Client("127.0.0.1", port).run(plan, measure_from=0.0)

    # In a thread of its own: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def test_it_counts_latency_from_the_scheduled_time_so_a_queue_shows():
    plan = [loadgen.Planned(0.0, "page", "/", "") for _ in range(10)]
    result = _run(plan)
    latencies = sorted(result.latencies["page"])
    assert not result.errors
    assert len(latencies) == 10
    # The last answer waited for the nine before it: ~10 × 50 ms, not one request's 50 ms.
    assert latencies[-1] >= 450
    assert loadgen.percentile(latencies, 50) >= 200


def test_it_counts_an_answer_other_than_200_as_an_error():
    plan = [loadgen.Planned(0.0, "page", "/weg", "")]
    result = _run(plan, answer=b"HTTP/1.1 302 Found\r\nLocation: /\r\n\r\n", seconds=0)
    assert result.errors == [("page", "/weg", "HTTP 302")]
    assert not loadgen.passes(result, 150)


def test_the_poisson_plan_is_fixed_by_its_seed_and_keeps_its_rate():
    pages = {"a": (3, lambda rng: ("/a", "")), "b": (1, lambda rng: ("/b", ""))}
    plan = loadgen.poisson_plan(200, 10, pages, seed=5)
    assert plan == loadgen.poisson_plan(200, 10, pages, seed=5)
    assert 1800 < len(plan) < 2200
    assert 0.7 < sum(p.page == "a" for p in plan) / len(plan) < 0.8
    assert all(a.at <= b.at for a, b in zip(plan, plan[1:], strict=False))
