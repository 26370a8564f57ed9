#!/usr/bin/env python
"""Where one signing's time goes: signings through the WSGI application in this process,
as gunicorn calls it, with the bench's production settings, PostgreSQL and Redis.

    .venv/bin/python bench/signing_profile.py                 # CPU per request, SQL, Redis trips
    .venv/bin/python bench/signing_profile.py --profile 40    # and the 40 costliest functions

It prints, for one signing and for the one-query view (/healthz/db/): the SQL
statements, the Redis round trips, and the CPU time per request of this process and
of its PostgreSQL backend (the best of five rounds, so other load on the machine
matters less). Uses a throwaway database (`campaign_bench_profile`, dropped and
created) and Redis db 10, like bench/petitions.py; the figures in the README's
"Signing on a busy day" come from here.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ROOT, environment  # noqa: E402
from signing_rows import prepare  # noqa: E402


class Site:
    """The WSGI application, called as gunicorn calls it."""

    def __init__(self, application):
        self.application = application

    def call(self, method: str, path: str, body: bytes = b"", **headers) -> tuple[str, list, bytes]:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
            **headers,
        }
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer.update(status=status, headers=response_headers)

        result = self.application(environ, start_response)
        content = b"".join(result)
        result.close()
        return answer["status"], answer["headers"], content


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="per round (300)")
    parser.add_argument("--profile", type=int, default=0, help="print this many functions")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/campaign_bench_profile",
        help="a throwaway PostgreSQL database: it is dropped and created",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    args = parser.parse_args()

    env = environment(args)
    env.update(
        TRUSTED_PROXY_COUNT="1",
        PETITION_RATE_LIMIT_EMAIL="100000/h",
        PETITION_RATE_LIMIT_IP="100000/h",
        PETITION_IP_CEILING="1000000/h",
    )
    name = args.database_url.rsplit("/", 1)[1]
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    drop = ["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    subprocess.run(drop, check=True)
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    try:
        petition_id = prepare(env)
        os.environ.update(env)
        measure(args, petition_id)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(drop, check=False)


def measure(args, petition_id: int) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    import redis.connection
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site = Site(get_wsgi_application())
    _, headers, body = site.call("GET", "/csrf-token/", HTTP_X_FORWARDED_FOR="10.9.9.9")
    token = json.loads(body)["token"]
    cookie = next(
        value.strip().split(";", 1)[0]
        for header, value in headers
        if header.lower() == "set-cookie" and value.strip().startswith("csrftoken=")
    )
    run = str(int(time.time()))
    count = iter(range(10**9))

    def sign() -> None:
        n = next(count)
        fields = {
            "csrfmiddlewaretoken": token,
            "name": "Profile Signer",
            "email": f"p{n}.r{run}@d{n % 97}.profile.example",
            "country": "GB",
            "postcode": "SW1A 1AA",
            "consent": "on",
        }
        status, _, _ = site.call(
            "POST",
            f"/petitions/{petition_id}/sign/",
            urllib.parse.urlencode(fields).encode(),
            CONTENT_TYPE="application/x-www-form-urlencoded",
            HTTP_COOKIE=cookie,
            HTTP_X_FORWARDED_FOR=f"10.{n % 256}.{n // 256 % 256}.1",
        )
        assert status.startswith("302"), status

    def one_query() -> None:
        status, _, _ = site.call("GET", "/healthz/db/")
        assert status.startswith("200"), status

    for _ in range(50):  # templates, connections, the petition and its wording remembered
        sign()
        one_query()

    sends = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, *more, **kwargs):
        sends.append(command)
        return send(self, command, *more, **kwargs)

    for label, request in (("signing", sign), ("one query", one_query)):
        sends.clear()
        redis.connection.AbstractConnection.send_packed_command = counted
        with CaptureQueriesContext(connection) as captured:
            request()
        redis.connection.AbstractConnection.send_packed_command = send
        print(f"{label}: {len(captured)} SQL statement(s), {len(sends)} Redis round trip(s)")
        for query in captured:
            print(f"    {query['sql'][:100]}")

    def backend_cpu() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    print(f"\n{'CPU per request (best of 5)':30} {'this process':>12} {'PostgreSQL':>10}")
    for label, request in (("signing", sign), ("one query (/healthz/db/)", one_query)):
        best = best_db = float("inf")
        for _ in range(5):
            db_before, before = backend_cpu(), time.process_time()
            for _ in range(args.requests):
                request()
            best = min(best, (time.process_time() - before) / args.requests)
            best_db = min(best_db, (backend_cpu() - db_before) / args.requests)
        print(f"{label:30} {best * 1e6:9.0f} us {best_db * 1e6:7.0f} us")

    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.requests):
            sign()
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(args.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
