"""A small fake of Mailchimp's Marketing API on 127.0.0.1, for the real SDK to talk to.

It keeps an audience in memory, records every call, and can be told to misbehave
for the next requests: answer 429 or 500, refuse with a 400 and Mailchimp's own
problem body, or hang past the client's timeout; or to go down altogether
(`outage()`: every call hangs or fails) until `recover()`. It also counts how many
connections are open at once, so a test can check the client's limit.

Its 404s are Mailchimp's: a problem document titled "Resource Not Found" whose
detail is the same generic sentence whether the member, the audience (a wrong list
id) or the endpoint (a wrong API path) is missing, as recorded from the real API.
`fail_next(404, html=...)` answers like a proxy in front of it instead (an HTML page).

    fake = FakeMailchimp().start()
    settings.MAILCHIMP_API_BASE = fake.api_base
    ...
    fake.stop()

Run by hand, for trying the site against it (GET /_fake/state shows calls and members):

    .venv/bin/python -m tests.fakes.mailchimp --port 8765 --fail 500 --times 3
    .venv/bin/python -m tests.fakes.mailchimp --port 8765 --outage 120  # down for 2 minutes
    # then, in the site's environment: MAILCHIMP_API_KEY=<printed> MAILCHIMP_LIST_ID=fake-list
    #   MAILCHIMP_API_BASE=http://127.0.0.1:8765/3.0

Only the endpoints the updates app uses exist: ping, member upsert (PUT), member
tags, batch subscribe, permanent delete, member list, the audience itself and
interest categories.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_KEY = "fake0123456789abcdef0123456789ab-us21"
LIST_ID = "fake-list"

ERROR_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"
# Mailchimp says this for a missing member, a missing audience and an unknown path alike.
NOT_FOUND = ("Resource Not Found", "The requested resource could not be found.")


def _pause(seconds: float) -> None:
    """Wait without time.sleep, so tests that forbid sleeping in the site's code
    (by patching time.sleep) still get a slow or hanging fake."""
    threading.Event().wait(seconds)


def md5_of(email: str) -> str:
    return hashlib.md5(email.strip().lower().encode()).hexdigest()  # noqa: S324


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any


@dataclass
class Misbehaviour:
    kind: str  # "status" or "hang"
    status: int = 500
    title: str = ""
    detail: str = ""
    html: str = ""  # answer with this page instead of a problem document
    seconds: float = 0.0
    method: str | None = None
    path_contains: str = ""


@dataclass
class Audience:
    members: dict[str, dict] = field(default_factory=dict)  # by subscriber hash, in order


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):
        self.server.fake._handle(self)

    def do_PUT(self):
        self.server.fake._handle(self)

    def do_POST(self):
        self.server.fake._handle(self)

    def do_PATCH(self):
        self.server.fake._handle(self)

    def do_DELETE(self):
        self.server.fake._handle(self)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeMailchimp


class FakeMailchimp:
    def __init__(self, *, api_key: str = API_KEY, list_id: str = LIST_ID, delay: float = 0.0):
        self.api_key = api_key
        self.list_id = list_id
        self.delay = delay  # seconds every request takes (to overlap concurrent calls)
        self.audience = Audience()
        self.calls: list[Call] = []
        self.interest_categories: dict[str, dict] = {}
        self._script: deque[Misbehaviour] = deque()
        self._outage: Misbehaviour | None = None
        self._recovered = threading.Event()
        self._lock = threading.Lock()
        self._open = 0
        self.max_open = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- Lifecycle -----------------------------------------------------------------

    def start(self) -> FakeMailchimp:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._recovered.set()  # let calls hanging in an outage go
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def api_base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/3.0"

    def settings(self) -> dict[str, Any]:
        """The Django settings that point the updates app at this fake."""
        return {
            "MAILCHIMP_API_KEY": self.api_key,
            "MAILCHIMP_LIST_ID": self.list_id,
            "MAILCHIMP_API_BASE": self.api_base,
        }

    # --- Telling it to misbehave ------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        title: str = "",
        detail: str = "",
        method: str | None = None,
        path_contains: str = "",
        html: str = "",
    ) -> None:
        """Answer the next `times` matching requests with `status` and a problem body
        (or, with `html`, that page, as a proxy in front of Mailchimp would)."""
        title = title or {
            429: "Too Many Requests",
            500: "Internal Server Error",
            503: "Service Unavailable",
        }.get(status, "Invalid Resource")
        detail = detail or {
            429: "You have exceeded the limit of 10 simultaneous connections.",
            500: "An unexpected internal error has occurred. Please contact Support.",
        }.get(status, "The resource submitted could not be validated.")
        for _ in range(times):
            self._script.append(
                Misbehaviour(
                    "status",
                    status=status,
                    title=title,
                    detail=detail,
                    method=method,
                    path_contains=path_contains,
                    html=html,
                )
            )

    def hang_next(self, seconds: float, *, times: int = 1, method: str | None = None) -> None:
        """Say nothing for `seconds` on the next `times` requests, then drop them."""
        for _ in range(times):
            self._script.append(Misbehaviour("hang", seconds=seconds, method=method))

    def outage(self, *, hang: float = 0.0, status: int = 503) -> None:
        """Go down until `recover()`: every API call hangs for `hang` seconds (or until
        recovery, whichever comes first) and is then dropped, or, without `hang`,
        answers `status`."""
        self._recovered.clear()
        if hang:
            self._outage = Misbehaviour("hang", seconds=hang)
        else:
            self._outage = Misbehaviour(
                "status", status=status, title="Service Unavailable", detail="Down."
            )

    def recover(self) -> None:
        """End an outage; calls hanging in it are dropped at once."""
        self._outage = None
        self._recovered.set()

    # --- Reading what happened -----------------------------------------------------------

    def calls_to(self, method: str, path_pattern: str = "") -> list[Call]:
        return [
            call
            for call in self.calls
            if call.method == method and re.search(path_pattern, call.path)
        ]

    def member(self, email: str) -> dict | None:
        return self.audience.members.get(md5_of(email))

    def set_status(self, email: str, status: str) -> None:
        """What a person does in Mailchimp itself (e.g. unsubscribes from an email)."""
        self.audience.members[md5_of(email)]["status"] = status

    def add_member(self, email: str, status: str = "subscribed", **fields) -> None:
        self.audience.members[md5_of(email)] = {
            "email_address": email,
            "status": status,
            "merge_fields": {},
            "interests": {},
            "tags": [],
            **fields,
        }

    # --- Serving -------------------------------------------------------------------------

    def _next_misbehaviour(self, method: str, path: str) -> Misbehaviour | None:
        with self._lock:
            for item in self._script:
                if (item.method is None or item.method == method) and item.path_contains in path:
                    self._script.remove(item)
                    return item
        return self._outage

    def _handle(self, handler: _Handler) -> None:
        with self._lock:
            self._open += 1
            self.max_open = max(self.max_open, self._open)
        try:
            self._serve(handler)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a hang it timed out on)
        finally:
            with self._lock:
                self._open -= 1

    def _serve(self, handler: _Handler) -> None:
        method = handler.command
        url = urlsplit(handler.path)
        path, query = url.path, parse_qs(url.query)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        with self._lock:
            self.calls.append(Call(method, path, query, body))
        if self.delay:
            _pause(self.delay)

        if path == "/_fake/state" and method == "GET":  # for people running it by hand
            with self._lock:
                calls = [{"method": c.method, "path": c.path} for c in self.calls]
                members = list(self.audience.members.values())
            return self._json(handler, 200, {"calls": calls, "members": members})
        misbehaviour = self._next_misbehaviour(method, path)
        if misbehaviour and misbehaviour.kind == "hang":
            if misbehaviour is self._outage:
                self._recovered.wait(misbehaviour.seconds)
            else:
                _pause(misbehaviour.seconds)
            handler.close_connection = True
            return
        if misbehaviour and misbehaviour.html:
            return self._html(handler, misbehaviour.status, misbehaviour.html)
        if misbehaviour:
            return self._problem(
                handler, misbehaviour.status, misbehaviour.title, misbehaviour.detail
            )
        if not self._authorised(handler):
            return self._problem(
                handler,
                401,
                "API Key Invalid",
                "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
            )
        status, answer = self._route(method, path, query, body)
        if answer is None:
            handler.send_response(status)
            handler.end_headers()
            return
        if status >= 400:
            return self._problem(handler, status, answer["title"], answer["detail"])
        self._json(handler, status, answer)

    def _authorised(self, handler: _Handler) -> bool:
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except ValueError:
            return False
        return decoded.split(":", 1)[-1] == self.api_key

    def _json(self, handler: _Handler, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _html(self, handler: _Handler, status: int, page: str) -> None:
        data = page.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _problem(self, handler: _Handler, status: int, title: str, detail: str) -> None:
        data = json.dumps(
            {
                "type": ERROR_TYPE,
                "title": title,
                "status": status,
                "detail": detail,
                "instance": str(uuid.uuid4()),
            }
        ).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/problem+json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    # --- The API ---------------------------------------------------------------------------

    def _route(self, method, path, query, body) -> tuple[int, Any]:
        if path == "/3.0/ping" and method == "GET":
            return 200, {"health_status": "Everything's Chimpy!"}
        match = re.fullmatch(r"/3\.0/lists/([^/]+)(/.*)?", path)
        if not match or match.group(1) != self.list_id:
            return self._not_found()
        rest = match.group(2) or ""
        with self._lock:
            if rest == "" and method == "POST":
                return self._batch(body or {})
            if rest == "" and method == "GET":
                return 200, {
                    "id": self.list_id,
                    "name": "Campaign updates",
                    "stats": {"member_count": len(self.audience.members)},
                }
            if rest == "/members" and method == "GET":
                return self._members(query)
            if rest == "/interest-categories" and method == "GET":
                return 200, {
                    "categories": [
                        {"id": cid, "title": c["title"]}
                        for cid, c in self.interest_categories.items()
                    ]
                }
            found = re.fullmatch(r"/interest-categories/([^/]+)/interests", rest)
            if found and method == "GET":
                category = self.interest_categories.get(found.group(1), {"interests": {}})
                return 200, {
                    "interests": [
                        {"id": iid, "name": name} for iid, name in category["interests"].items()
                    ]
                }
            found = re.fullmatch(r"/members/([0-9a-f]{32})(/.*)?", rest)
            if found:
                member_hash, action = found.group(1), found.group(2) or ""
                if action == "" and method == "PUT":
                    return self._upsert(member_hash, body or {})
                if action == "" and method == "GET":
                    member = self.audience.members.get(member_hash)
                    return (200, member) if member else self._not_found()
                if action == "/tags" and method == "POST":
                    return self._tags(member_hash, body or {})
                if action == "/actions/delete-permanent" and method == "POST":
                    if self.audience.members.pop(member_hash, None) is None:
                        return self._not_found()
                    return 204, None
        return 405, {
            "title": "Method Not Allowed",
            "detail": "The requested method and resource are not compatible.",
        }

    @staticmethod
    def _not_found():
        title, detail = NOT_FOUND
        return 404, {"title": title, "detail": detail}

    @staticmethod
    def _invalid(detail: str):
        return 400, {"title": "Invalid Resource", "detail": detail}

    def _upsert(self, member_hash: str, body: dict) -> tuple[int, Any]:
        email = body.get("email_address", "")
        if "@" not in email:
            return self._invalid("Please provide a valid email address.")
        if md5_of(email) != member_hash:
            return self._invalid("The email address does not match the subscriber hash.")
        member = self.audience.members.get(member_hash)
        if member is None:
            status = body.get("status") or body.get("status_if_new")
            if not status:
                return self._invalid("The status_if_new field is required for new members.")
            member = {
                "email_address": email,
                "status": status,
                "merge_fields": {},
                "interests": {},
                "tags": [],
                "language": "",
            }
            self.audience.members[member_hash] = member
        elif body.get("status"):
            member["status"] = body["status"]
        member["merge_fields"].update(body.get("merge_fields") or {})
        member["interests"].update(body.get("interests") or {})
        if body.get("language"):
            member["language"] = body["language"]
        return 200, {"id": member_hash, **member}

    def _tags(self, member_hash: str, body: dict) -> tuple[int, Any]:
        member = self.audience.members.get(member_hash)
        if member is None:
            return self._not_found()
        for tag in body.get("tags", []):
            if tag.get("status") == "active" and tag["name"] not in member["tags"]:
                member["tags"].append(tag["name"])
            elif tag.get("status") == "inactive" and tag["name"] in member["tags"]:
                member["tags"].remove(tag["name"])
        return 204, None

    def _batch(self, body: dict) -> tuple[int, Any]:
        members = body.get("members") or []
        if len(members) > 500:
            return self._invalid("You may only send up to 500 members per batch.")
        update_existing = bool(body.get("update_existing"))
        created, updated, errors = [], [], []
        for item in members:
            email = item.get("email_address", "")
            member_hash = md5_of(email)
            existing = self.audience.members.get(member_hash)
            if "@" not in email:
                errors.append(
                    {
                        "email_address": email,
                        "error": f"{email} looks fake or invalid, please enter a real email address.",
                        "error_code": "ERROR_GENERIC",
                    }
                )
            elif existing and not update_existing:
                errors.append(
                    {
                        "email_address": email,
                        "error": f"{email} is already a list member, do you want to update? please provide update_existing:'true' in the request body",
                        "error_code": "ERROR_CONTACT_EXISTS",
                    }
                )
            elif existing:
                if item.get("status"):
                    existing["status"] = item["status"]
                existing["merge_fields"].update(item.get("merge_fields") or {})
                existing["interests"].update(item.get("interests") or {})
                if item.get("language"):
                    existing["language"] = item["language"]
                updated.append(
                    {"email_address": email, "id": member_hash, "status": existing["status"]}
                )
            else:
                self.audience.members[member_hash] = {
                    "email_address": email,
                    "status": item.get("status", "pending"),
                    "merge_fields": dict(item.get("merge_fields") or {}),
                    "interests": dict(item.get("interests") or {}),
                    "tags": list(item.get("tags") or []),
                    "language": item.get("language", ""),
                }
                created.append(
                    {"email_address": email, "id": member_hash, "status": item.get("status")}
                )
        return 200, {
            "new_members": created,
            "updated_members": updated,
            "errors": errors,
            "total_created": len(created),
            "total_updated": len(updated),
            "error_count": len(errors),
        }

    def _members(self, query) -> tuple[int, Any]:
        count = min(int(query.get("count", ["10"])[0]), 1000)
        offset = int(query.get("offset", ["0"])[0])
        everyone = list(self.audience.members.values())
        page = [
            {"email_address": m["email_address"], "status": m["status"]}
            for m in everyone[offset : offset + count]
        ]
        return 200, {"members": page, "total_items": len(everyone)}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="A fake Mailchimp Marketing API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--fail", type=int, default=0, help="answer this status first (429, 500)")
    parser.add_argument("--times", type=int, default=1, help="... for this many requests")
    parser.add_argument("--hang", type=float, default=0.0, help="first hang this many seconds")
    parser.add_argument(
        "--outage",
        type=float,
        default=0.0,
        help="be down this many seconds from the start: every call hangs until then",
    )
    args = parser.parse_args()
    fake = FakeMailchimp()
    fake._server = _Server((args.host, args.port), _Handler)
    fake._server.fake = fake
    if args.fail:
        fake.fail_next(args.fail, times=args.times, method="PUT")
    if args.hang:
        fake.hang_next(args.hang, method="PUT")
    if args.outage:
        fake.outage(hang=args.outage)
        threading.Timer(args.outage, fake.recover).start()
    for name, value in fake.settings().items():
        print(f"{name}={value}")
    print(f"Calls and members: http://{args.host}:{args.port}/_fake/state  (Ctrl-C to stop)")
    try:
        fake._server.serve_forever()
    except KeyboardInterrupt:
        fake._server.server_close()


if __name__ == "__main__":
    main()
