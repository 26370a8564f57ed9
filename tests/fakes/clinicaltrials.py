"""A small fake of ClinicalTrials.gov API v2 on 127.0.0.1, for the real gateway to talk to.

It serves the study records it is given (API v2 dicts, e.g. from
`trials.sample_studies.generate_studies`), records every request, and can be told
to answer the next requests with a status (429 with a Retry-After, 500, 503).

    fake = FakeClinicalTrials(studies).start()
    settings.CLINICALTRIALS_API_BASE = fake.api_base
    ...
    fake.stop()

What it understands of `GET /api/v2/studies`: `pageSize` (default 10, at most 1000),
`pageToken` (opaque tokens it hands out in `nextPageToken`, absent on the last page),
`countTotal=true` (adds `totalCount`), `filter.ids` (comma-separated NCT numbers),
`query.lead` and `query.spons` (a case-insensitive substring of the lead sponsor's
name; query.spons also of a collaborator's), `filter.advanced` with
`AREA[LastUpdatePostDate]RANGE[a,b]` (a and b dates or MIN/MAX; other AREA terms
joined by AND are ignored), and `fields` (dotted paths such as
`protocolSection.statusModule` or top-level keys such as `hasResults` keep only those
parts; other names are accepted and ignored). `GET /api/v2/version` answers
`apiVersion` and `dataTimestamp`. Anything else is a 404; a malformed parameter a 400
in plain text, as the real API does.

Run by hand: `.venv/bin/python -m tests.fakes.clinicaltrials --studies 2500` serves
generated sample studies at http://127.0.0.1:8766/api/v2.
"""

from __future__ import annotations

import datetime
import json
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_VERSION = "2.0.5"
DATA_TIMESTAMP = "2026-11-30T09:00:05"
_RANGE = re.compile(r"AREA\[LastUpdatePostDate\]RANGE\[([^,\]]*),([^\]]*)\]", re.IGNORECASE)


@dataclass
class Request:
    path: str
    query: dict[str, str]


@dataclass
class Failure:
    status: int
    retry_after: str | None = None
    path_contains: str = ""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stall

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):
        self.server.fake._handle(self)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeClinicalTrials


class FakeClinicalTrials:
    def __init__(
        self,
        studies: list[dict] | None = None,
        *,
        data_timestamp: str = DATA_TIMESTAMP,
        api_version: str = API_VERSION,
    ):
        self.studies: list[dict] = list(studies or [])
        self.data_timestamp = data_timestamp
        self.api_version = api_version
        self.requests: list[Request] = []
        self._script: deque[Failure] = deque()
        self._tokens: dict[str, int] = {}  # nextPageToken -> offset into the query's matches
        self._lock = threading.Lock()
        self._server: _Server | None = None

    # --- Lifecycle -----------------------------------------------------------------

    def start(self, port: int = 0) -> FakeClinicalTrials:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.fake = self
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def api_base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/v2"

    # --- Telling it to misbehave -----------------------------------------------------

    def fail_next(
        self, status: int, *, times: int = 1, retry_after: str | None = None, path: str = ""
    ) -> None:
        """Answer the next `times` requests (to paths containing `path`) with `status`."""
        with self._lock:
            for _ in range(times):
                self._script.append(Failure(status, retry_after, path))

    # --- Reading what happened -------------------------------------------------------

    def study_requests(self) -> list[Request]:
        return [request for request in self.requests if request.path.endswith("/studies")]

    # --- Serving ---------------------------------------------------------------------

    def _handle(self, handler: _Handler) -> None:
        url = urlsplit(handler.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        with self._lock:
            self.requests.append(Request(url.path, query))
            failure = next((item for item in self._script if item.path_contains in url.path), None)
            if failure:
                self._script.remove(failure)
        try:
            if failure:
                headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
                return self._send(
                    handler, failure.status, b"Try again later.", "text/plain", headers
                )
            if url.path == "/api/v2/version":
                return self._json(
                    handler, {"apiVersion": self.api_version, "dataTimestamp": self.data_timestamp}
                )
            if url.path == "/api/v2/studies":
                try:
                    return self._json(handler, self._page(query))
                except ValueError as error:
                    return self._send(handler, 400, str(error).encode(), "text/plain")
            return self._send(handler, 404, b"Not found", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, handler, status: int, data: bytes, content_type: str, headers=None) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _json(self, handler, payload: Any) -> None:
        self._send(handler, 200, json.dumps(payload).encode(), "application/json")

    def _page(self, query: dict[str, str]) -> dict:
        try:
            page_size = int(query.get("pageSize", "10"))
        except ValueError:
            raise ValueError("pageSize must be an integer") from None
        if page_size < 0:
            raise ValueError("pageSize must be positive")
        page_size = min(page_size or 10, 1000)
        for low, high in _RANGE.findall(query.get("filter.advanced", "")):
            for end in (low.strip(), high.strip()):
                if end.upper() not in ("", "MIN", "MAX"):
                    _day(end)  # a 400 for a malformed date, whether or not anything matches
        matches = [study for study in self.studies if self._matches(study, query)]
        offset = 0
        if token := query.get("pageToken"):
            with self._lock:
                if token not in self._tokens:
                    raise ValueError("invalid pageToken")
                offset = self._tokens[token]
        page = matches[offset : offset + page_size]
        fields = [name for name in query.get("fields", "").split(",") if name]
        answer: dict[str, Any] = {"studies": [_only(study, fields) for study in page]}
        if offset + page_size < len(matches):
            token = secrets.token_urlsafe(12)
            with self._lock:
                self._tokens[token] = offset + page_size
            answer["nextPageToken"] = token
        if query.get("countTotal", "").lower() == "true":
            answer["totalCount"] = len(matches)
        return answer

    def _matches(self, study: dict, query: dict[str, str]) -> bool:
        protocol = study.get("protocolSection", {})
        nct_id = protocol.get("identificationModule", {}).get("nctId", "")
        sponsors = protocol.get("sponsorCollaboratorsModule", {})
        lead = (sponsors.get("leadSponsor") or {}).get("name", "").lower()
        ids = query.get("filter.ids")
        if ids and nct_id not in {part.strip() for part in ids.split(",")}:
            return False
        if (wanted := query.get("query.lead")) and wanted.lower() not in lead:
            return False
        if wanted := query.get("query.spons"):
            names = [lead] + [
                (collaborator.get("name") or "").lower()
                for collaborator in sponsors.get("collaborators") or []
            ]
            if not any(wanted.lower() in name for name in names):
                return False
        if advanced := query.get("filter.advanced"):
            for low, high in _RANGE.findall(advanced):
                updated = (
                    protocol.get("statusModule", {}).get("lastUpdatePostDateStruct", {}).get("date")
                )
                if not updated:
                    return False
                day = _day(updated)
                if low.strip().upper() not in ("", "MIN") and day < _day(low.strip()):
                    return False
                if high.strip().upper() not in ("", "MAX") and day > _day(high.strip()):
                    return False
        return True


def _day(text: str) -> datetime.date:
    try:
        if len(text) == 7:
            return datetime.date.fromisoformat(f"{text}-01")
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"invalid date in filter.advanced: {text}") from None


def _only(study: dict, fields: list[str]) -> dict:
    """The parts of a study that `fields` names (dotted paths), or all of it."""
    paths = [name.split(".") for name in fields if "." in name or name in study]
    if not paths:
        return study
    kept: dict = {}
    for path in paths:
        source, target = study, kept
        for part in path[:-1]:
            if not isinstance(source.get(part), dict):
                break
            source = source[part]
            target = target.setdefault(part, {})
        else:
            if path[-1] in source:
                target[path[-1]] = source[path[-1]]
    return kept


def main() -> None:
    import argparse

    from trials.sample_studies import generate_studies

    parser = argparse.ArgumentParser(description="A fake ClinicalTrials.gov API v2.")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--studies", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    fake = FakeClinicalTrials(list(generate_studies(args.studies, seed=args.seed)))
    fake.start(args.port)
    print(f"CLINICALTRIALS_API_BASE={fake.api_base}  (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
