"""Peer client: the mixed operations, `--parallel` at a time, with asyncio and one keep-alive httpx.AsyncClient.

    python3 scripts/bench/peers/ops_httpx.py --base http://127.0.0.1:8787 [--ops 1000] [--parallel 100]

Prints one line of JSON: {"peer", "ops", "parallel", "seconds", "ops_per_second", "errors"}.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx

import mix

PEER = "python-httpx"
TIMEOUT_SECONDS = 30


async def send(client: httpx.AsyncClient, base: str, call: mix.Call) -> tuple[int, object]:
    """Sends a call and reads its whole answer: the status and the parsed body."""
    response = await client.request(**call.kwargs(base))
    return response.status_code, mix.parse_body(response.content)


async def authenticate(client: httpx.AsyncClient, base: str) -> mix.Tokens:
    """Obtains every platform's token once, before timing."""
    tokens: dict[str, str] = {}
    for name, (call, read) in mix.authentication_calls().items():
        status, body = await send(client, base, call)
        tokens[name] = mix.read_token(name, call, read, status, body)
    return mix.Tokens(**tokens)


async def perform(client: httpx.AsyncClient, base: str, call: mix.Call) -> bool:
    """One timed operation; False when it failed (an error answer or none at all)."""
    try:
        status, body = await send(client, base, call)
    except (httpx.HTTPError, ValueError):
        return False
    return mix.succeeded(call, status, body)


async def worker(client: httpx.AsyncClient, base: str, calls: Iterator[mix.Call]) -> int:
    """Takes calls from the shared iterator until it is exhausted; answers its error count.

    The workers share one iterator as their queue: asyncio switches tasks only at an await,
    so each call is taken by exactly one worker.
    """
    errors = 0
    for call in calls:
        if not await perform(client, base, call):
            errors += 1
    return errors


async def run(base: str, ops: int, parallel: int) -> str:
    """Authenticates, then times `ops` operations on `parallel` workers; answers the report line."""
    limits = httpx.Limits(max_connections=parallel, max_keepalive_connections=parallel)
    async with httpx.AsyncClient(limits=limits, timeout=TIMEOUT_SECONDS) as client:
        tokens = await authenticate(client, base)
        calls = iter([mix.operation(i, tokens) for i in range(ops)])
        start = time.perf_counter()
        counts = await asyncio.gather(*(worker(client, base, calls) for _ in range(parallel)))
        seconds = time.perf_counter() - start
    return mix.report(PEER, ops, parallel, seconds, sum(counts))


def main() -> None:
    parser = mix.argument_parser("Concurrent mixed operations with httpx.")
    parser.add_argument("--parallel", type=mix.positive_int, default=mix.DEFAULT_PARALLEL,
                        help=f"operations in flight at once (default {mix.DEFAULT_PARALLEL})")
    args = parser.parse_args()
    print(asyncio.run(run(args.base.rstrip("/"), args.ops, args.parallel)))


if __name__ == "__main__":
    main()
