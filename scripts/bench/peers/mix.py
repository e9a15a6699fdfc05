"""The "mixed operations" both peer clients perform against a standalone simulator.

Start the simulator with `swift run -c release showcall sim --port PORT --no-rate-limits`
(the limits would otherwise answer 429s: the benchmark measures the client, not them).

Everything here is independent of the HTTP library: a `Call` holds the keyword arguments
that `requests.Session.request` and `httpx.AsyncClient.request` both accept.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from typing import Any, Callable

# The simulator's built-in seed (Sources/Simulator/Credentials.swift and Seed.swift).
VBRICK_API_KEY = "sim-vbrick-key"
VBRICK_SECRET = "sim-vbrick-secret"
VBRICK_EVENT = "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"
CONVEY_USERNAME = "sim-convey-user"
CONVEY_PASSWORD = "sim-convey-password"
CONVEY_EVENT = "1000001"
WEBEX_ACCESS_TOKEN = "sim-webex-personal-access-token"
WEBEX_MEETING = "560d7b784f5143e3be2fc3064a5c4999"
ZOOM_ACCOUNT = "sim-zoom-account"
ZOOM_CLIENT_ID = "sim-zoom-client"
ZOOM_CLIENT_SECRET = "sim-zoom-client-secret"
ZOOM_WEBINAR = "68423085"
HUAWEI_CONFERENCE = "914044873"
HUAWEI_HOST_PASSWORD = "sim-huawei-host-password"

OPERATION_KINDS = 6
DEFAULT_OPS = 1000
DEFAULT_PARALLEL = 100


@dataclass(frozen=True)
class Call:
    """One HTTP request; `path` goes below the simulator's base URL."""

    method: str
    path: str
    params: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None
    data: dict[str, str] | None = None
    basic_auth: tuple[str, str] | None = None
    # Convey answers 200 for every outcome; success is `returnCode == 1` in its envelope.
    convey: bool = False

    def kwargs(self, base: str) -> dict[str, Any]:
        """Keyword arguments for `request(...)` of both `requests` and `httpx`."""
        args: dict[str, Any] = {"method": self.method, "url": base + self.path, "headers": self.headers}
        if self.params is not None:
            args["params"] = self.params
        if self.json is not None:
            args["json"] = self.json
        if self.data is not None:
            args["data"] = self.data
        if self.basic_auth is not None:
            args["auth"] = self.basic_auth
        return args


@dataclass(frozen=True)
class Tokens:
    """What the authentication calls hand out, obtained once before timing (a token cache)."""

    vbrick: str
    convey: str
    zoom: str
    huawei: str


def parse_body(content: bytes) -> Any:
    """Parses an answer's body as JSON, as a real client would; None when it is empty."""
    return json.loads(content) if content else None


def succeeded(call: Call, status: int, body: Any) -> bool:
    """A 2xx answer, and for Convey a `returnCode` of 1."""
    if not 200 <= status < 300:
        return False
    if call.convey:
        return convey_result(body).get("returnCode") == 1
    return True


def convey_result(body: Any) -> dict[str, Any]:
    """The `convey_api.result` object of a Convey answer ({} when missing)."""
    if not isinstance(body, dict):
        return {}
    return (body.get("convey_api") or {}).get("result") or {}


def authentication_calls() -> dict[str, tuple[Call, Callable[[Any], str]]]:
    """Per token: the call that obtains it and how to read it from the parsed answer."""
    return {
        "vbrick": (
            Call("POST", "/vbrick/api/v2/authenticate", json={"apiKey": VBRICK_API_KEY, "secret": VBRICK_SECRET}),
            lambda body: body["token"],
        ),
        "convey": (
            Call("POST", "/convey/api/authenticate", data={"username": CONVEY_USERNAME, "password": CONVEY_PASSWORD},
                 convey=True),
            lambda body: convey_result(body)["authenticationData"]["token"],
        ),
        "zoom": (
            Call("POST", "/zoom/oauth/token", data={"grant_type": "account_credentials", "account_id": ZOOM_ACCOUNT},
                 basic_auth=(ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET)),
            lambda body: body["access_token"],
        ),
        "huawei": (
            Call("GET", "/huawei/v1/mmc/control/conferences/token", params={"conferenceID": HUAWEI_CONFERENCE},
                 headers={"X-Password": HUAWEI_HOST_PASSWORD, "X-Login-Type": "1"}),
            lambda body: body["data"]["token"],
        ),
    }


def read_token(name: str, call: Call, read: Callable[[Any], str], status: int, body: Any) -> str:
    """The token in an authentication answer; fails loudly, as nothing can be timed without it."""
    if not succeeded(call, status, body):
        raise RuntimeError(f"{name} authentication failed: HTTP {status} {body!r}")
    return read(body)


def operation(i: int, tokens: Tokens) -> Call:
    """Operation `i` (0-based) of the mix: kind `i % 6`."""
    webex_auth = {"Authorization": f"Bearer {WEBEX_ACCESS_TOKEN}"}
    webex_controls = "/webex/v1/meetings/controls"
    kind = i % OPERATION_KINDS
    if kind == 0:
        return Call("GET", f"/vbrick/api/v2/scheduled-events/{VBRICK_EVENT}/status",
                    headers={"Authorization": f"VBrick {tokens.vbrick}"})
    if kind == 1:
        return Call("POST", "/convey/api/event/status", data={"token": tokens.convey, "event_id": CONVEY_EVENT},
                    convey=True)
    if kind == 2:
        locked = (i // OPERATION_KINDS) % 2 == 0
        return Call("PUT", webex_controls, params={"meetingId": WEBEX_MEETING}, headers=webex_auth,
                    json={"locked": locked})
    if kind == 3:
        return Call("GET", f"/zoom/v2/webinars/{ZOOM_WEBINAR}/livestream",
                    headers={"Authorization": f"Bearer {tokens.zoom}"})
    if kind == 4:
        return Call("GET", "/huawei/v1/mmc/control/conferences/realTimeInfo", params={"conferenceID": HUAWEI_CONFERENCE},
                    headers={"X-Conference-Authorization": tokens.huawei})
    return Call("GET", webex_controls, params={"meetingId": WEBEX_MEETING}, headers=webex_auth)


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def argument_parser(description: str) -> argparse.ArgumentParser:
    """The arguments both peers take: `--base` and `--ops`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--base", required=True, help="the simulator's base URL, e.g. http://127.0.0.1:8787")
    parser.add_argument("--ops", type=positive_int, default=DEFAULT_OPS,
                        help=f"operations to time (default {DEFAULT_OPS})")
    return parser


def report(peer: str, ops: int, parallel: int, seconds: float, errors: int) -> str:
    """The one line of JSON a peer prints."""
    return json.dumps({
        "peer": peer,
        "ops": ops,
        "parallel": parallel,
        "seconds": round(seconds, 4),
        "ops_per_second": round(ops / seconds, 1),
        "errors": errors,
    })
