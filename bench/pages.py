#!/usr/bin/env python
"""Serve the site with gunicorn and measure public pages against a hello-world view.

Prints requests/second and latency for each address, as a ratio to /healthz/
(a view that touches neither database nor template) measured in the same run,
and the SQL each page costs uncached. The targets are in ARCHITECTURE.md under
"Speed we aim for": a cached page >= 0.8x hello-world with no SQL, with or without
tracking parameters. Rows marked `+ random fbclid` send every request with a new
`fbclid=` value, as clicks from a social network arrive; they should match the
plain row above them.

    make bench                        # or:
    .venv/bin/python bench/pages.py --news 200 --duration 10

Needs wrk (apt-get install wrk). Uses PostgreSQL from BENCH_DATABASE_URL
(default: a `campaign_bench` database on 127.0.0.1) and Redis from REDIS_URL
when set, so the three workers share one cache as production's would.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=args.database_url,
        LOG_LEVEL="WARNING",
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env, *command, quiet=True):
    subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare(env, news_count: int) -> None:
    """A fresh database with the demo content and `news_count` news items in all."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo_content")
    script = f"""
import datetime
from cms.models import NewsIndexPage, NewsPage, Jurisdiction
index = NewsIndexPage.objects.first()
jurisdictions = list(Jurisdiction.objects.all())
missing = {news_count} - NewsPage.objects.count()
for n in range(max(missing, 0)):
    page = NewsPage(title=f"Bench news item {{n}}", slug=f"bench-news-{{n}}",
        date=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
        jurisdiction=jurisdictions[n % len(jurisdictions)], summary="Generated for the benchmark.")
    page.tags.add("registration", f"topic-{{n % 7}}")
    index.add_child(instance=page)
from core.page_cache import clear_page_cache
clear_page_cache()
print(NewsPage.objects.count(), "news items")
"""
    manage(env, "shell", "--no-imports", "-c", script, quiet=False)


def _count_queries(env, paths, *, client_kwargs: str, suffix: str, page_cache: bool) -> dict:
    """SQL run by the second GET of each path (the first warms what it may)."""
    script = f"""
import uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client({client_kwargs})
for path in {list(paths)!r}:
    client.get(path)
    separator = "&" if "?" in path else "?"
    with CaptureQueriesContext(connection) as captured:
        client.get(path + ({suffix}))
    print("queries", path, len(captured))
"""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={**env, "PAGE_CACHE_ENABLED": "true" if page_cache else "false"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [line.split(" ") for line in out.splitlines() if line.startswith("queries ")]
    return {path: int(count) for _, path, count in rows}


def query_counts(env, paths) -> dict[str, int]:
    """SQL of each page rendered afresh (the cache off, as for a signed-in editor)."""
    return _count_queries(
        env,
        paths,
        client_kwargs='HTTP_HOST="127.0.0.1", HTTP_COOKIE="messages=bench"',
        suffix='""',
        page_cache=False,
    )


def tracked_query_counts(env, paths) -> dict[str, int]:
    """SQL of a cached page asked for with a tracking parameter it has not seen yet."""
    return _count_queries(
        env,
        paths,
        client_kwargs='HTTP_HOST="127.0.0.1"',
        suffix='separator + "fbclid=" + uuid.uuid4().hex',
        page_cache=True,
    )


# Pages also measured with a new tracking parameter on every request.
WITH_TRACKING = ("/", "/news/?jurisdiction=uk&tag=registration")

# A wrk script that appends a new tracking parameter to every request.
RANDOM_FBCLID_LUA = """
local counter = 0
init = function(args)
  -- each thread its own sequence (a table's address differs per thread)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "fbclid=" .. math.random(1, 2147483647) .. "x" .. counter)
end
"""


def wrk(
    url: str,
    seconds: int,
    connections: int,
    header: str | None = None,
    script: str | None = None,
) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command[1:1] = ["-s", lua.name]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rps,
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def start_gunicorn(
    env: dict[str, str], *, port: int, workers: int, threads: int = 1
) -> subprocess.Popen:
    """The site under gunicorn on 127.0.0.1:`port`, as production runs it: sync workers,
    or threaded ones (gthread) with `threads` > 1."""
    return subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--news", type=int, default=200, help="news items in the database (default 200)"
    )
    parser.add_argument("--duration", type=int, default=8, help="seconds per address (default 8)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campaign_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    env = environment(args)
    if args.database_url.startswith("postgres"):
        name = args.database_url.rsplit("/", 1)[1]
        admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(
            ["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True
        )
        subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    if args.redis_url:
        subprocess.run(
            ["redis-cli", "-u", args.redis_url, "FLUSHDB"], check=False, capture_output=True
        )
    prepare(env, args.news)

    pages = [
        "/",
        "/news/",
        "/news/?jurisdiction=uk&tag=registration",
        "/why-it-matters/",
        "/news/feed/",
    ]
    counts = query_counts(env, pages)
    tracked_counts = tracked_query_counts(env, WITH_TRACKING)

    base = f"http://127.0.0.1:{args.port}"
    server = start_gunicorn(env, port=args.port, workers=args.workers)
    try:
        wait_until_up(base + "/healthz/")
        for path in pages:  # warm the page cache
            urllib.request.urlopen(base + path, timeout=10)  # noqa: S310 - loopback only
        runs = [
            ("hello world (/healthz/)", "/healthz/", None, None, None),
            ("one query (/healthz/db/)", "/healthz/db/", None, None, None),
        ]
        for path in pages:
            runs.append((f"cached {path}", path, None, 0, None))
            if path in WITH_TRACKING:
                label = f"cached {path} + random fbclid"
                runs.append((label, path, None, tracked_counts[path], RANDOM_FBCLID_LUA))
        runs += [
            (f"uncached {path}", path, "Cookie: messages=bench", counts[path], None)
            for path in pages[:3]
        ]
        results = []
        for label, path, header, sql, script in runs:
            measured = wrk(base + path, args.duration, args.connections, header, script)
            results.append((label, sql, measured))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    hello = results[0][2]["rps"]
    print()
    print(
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}  gunicorn {args.workers} sync workers, {args.connections} connections, "
        f"{args.duration}s each, {args.news} news items, {os.cpu_count()} cores"
    )
    print(
        f"{'address':62} {'req/s':>8} {'x hello':>8} {'p50 ms':>7} {'p99 ms':>7} {'SQL':>4} {'errors':>6}"
    )
    for label, sql, r in results:
        sql_text = "-" if sql is None else str(sql)
        print(
            f"{label:62} {r['rps']:8.0f} {r['rps'] / hello:8.2f} {r['p50']:7.1f} {r['p99']:7.1f} {sql_text:>4} {r['errors']:6}"
        )


if __name__ == "__main__":
    main()
