"""Peer client: the mixed operations with `requests` and one keep-alive Session, one after
another, or from a pool of `--parallel` threads sharing the Session (its connection pool holds
one connection per thread, as a threaded requests client is written).

    python3 scripts/bench/peers/ops_requests.py --base http://127.0.0.1:8787 [--ops 1000] [--parallel 1]

Prints one line of JSON: {"peer", "ops", "parallel", "seconds", "ops_per_second", "errors"}.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import requests

import mix

PEER = "python-requests"
TIMEOUT_SECONDS = 30


def send(session: requests.Session, base: str, call: mix.Call) -> tuple[int, object]:
    """Sends a call and reads its whole answer: the status and the parsed body."""
    response = session.request(**call.kwargs(base), timeout=TIMEOUT_SECONDS)
    return response.status_code, mix.parse_body(response.content)


def authenticate(session: requests.Session, base: str) -> mix.Tokens:
    """Obtains every platform's token once, before timing."""
    tokens: dict[str, str] = {}
    for name, (call, read) in mix.authentication_calls().items():
        status, body = send(session, base, call)
        tokens[name] = mix.read_token(name, call, read, status, body)
    return mix.Tokens(**tokens)


def perform(session: requests.Session, base: str, call: mix.Call) -> bool:
    """One timed operation; False when it failed (an error answer or none at all)."""
    try:
        status, body = send(session, base, call)
    except (requests.RequestException, ValueError):
        return False
    return mix.succeeded(call, status, body)


def run(base: str, ops: int, parallel: int) -> str:
    """Authenticates, then times `ops` operations, `parallel` at a time; answers the report line."""
    with requests.Session() as session:
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=parallel, pool_block=True)
        session.mount("http://", adapter)
        tokens = authenticate(session, base)
        calls = [mix.operation(i, tokens) for i in range(ops)]
        start = time.perf_counter()
        if parallel == 1:
            results = [perform(session, base, call) for call in calls]
        else:
            with ThreadPoolExecutor(max_workers=parallel) as pool:
                results = list(pool.map(lambda call: perform(session, base, call), calls))
        seconds = time.perf_counter() - start
    return mix.report(PEER, ops, parallel, seconds, results.count(False))


def main() -> None:
    parser = mix.argument_parser("Mixed operations with requests, sequential or from a thread pool.")
    parser.add_argument("--parallel", type=mix.positive_int, default=1,
                        help="threads sending at once (default 1: one after another)")
    args = parser.parse_args()
    print(run(args.base.rstrip("/"), args.ops, args.parallel))


if __name__ == "__main__":
    main()
