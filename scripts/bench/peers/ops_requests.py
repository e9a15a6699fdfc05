"""Peer client: the mixed operations, one after another, with `requests` and one keep-alive Session.

    python3 scripts/bench/peers/ops_requests.py --base http://127.0.0.1:8787 [--ops 1000]

Prints one line of JSON: {"peer", "ops", "parallel", "seconds", "ops_per_second", "errors"}.
"""

from __future__ import annotations

import time

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


def run(base: str, ops: int) -> str:
    """Authenticates, then times `ops` operations in order; answers the report line."""
    with requests.Session() as session:
        tokens = authenticate(session, base)
        calls = [mix.operation(i, tokens) for i in range(ops)]
        errors = 0
        start = time.perf_counter()
        for call in calls:
            if not perform(session, base, call):
                errors += 1
        seconds = time.perf_counter() - start
    return mix.report(PEER, ops, 1, seconds, errors)


def main() -> None:
    args = mix.argument_parser("Sequential mixed operations with requests.").parse_args()
    print(run(args.base.rstrip("/"), args.ops))


if __name__ == "__main__":
    main()
