#!/usr/bin/env python
"""How many Mailchimp calls a backfill of many subscribers takes, against the fake Mailchimp.

Creates --subscribers never-synced subscribers (default 100,000) in a fresh SQLite
file, starts tests/fakes/mailchimp.py on 127.0.0.1, and runs
`manage.py mailchimp_sync --reconcile` once: batch subscribe (POST /lists/{id},
500 members per call), then the drift check (GET /lists/{id}/members, 1,000 per
page). Prints the HTTP calls by kind, the members the fake holds, and the time.
The issue asks for "at most a few hundred HTTP calls" for 100,000 subscribers.

    .venv/bin/python bench/updates.py
    .venv/bin/python bench/updates.py --subscribers 20000 --fail-first 3

--fail-first N makes the first batch call meet N answers of 500 before it gets
through (N below updates.bulk.BATCH_ATTEMPTS, 5), to show retries add calls, never members.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--fail-first", type=int, default=0, help="500s before the first batch")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-updates-") as workdir:
        run(args, workdir)


def run(args, workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.fakes.mailchimp import FakeMailchimp

    fake = FakeMailchimp().start()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        MAILCHIMP_RETRY_BASE_SECONDS="0.01",
        **fake.settings(),
    )
    import django

    django.setup()
    from django.core.management import call_command

    from updates.models import Subscriber

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    batch = []
    for n in range(args.subscribers):
        batch.append(
            Subscriber(email=f"reader{n}@example.org", first_name="Reader", source="bench")
        )
        if len(batch) == 5000:
            Subscriber.objects.bulk_create(batch)
            batch = []
    Subscriber.objects.bulk_create(batch)
    created_in = time.perf_counter() - started

    if args.fail_first:
        fake.fail_next(500, times=args.fail_first, method="POST")

    out = io.StringIO()
    started = time.perf_counter()
    call_command("mailchimp_sync", "--reconcile", "--no-progress", stdout=out)
    took = time.perf_counter() - started
    fake.stop()

    kinds = Counter()
    for call in fake.calls:
        if call.method == "POST" and call.path.count("/") == 3:
            kinds["batch subscribe (POST /lists/{id})"] += 1
        elif call.method == "GET" and call.path.endswith("/members"):
            kinds["reconcile (GET /lists/{id}/members)"] += 1
        else:
            kinds[f"{call.method} other"] += 1
    unsynced = Subscriber.objects.unsynced().count()
    print(out.getvalue().rstrip())
    print()
    print(
        f"{args.subscribers:,} subscribers (created locally in {created_in:.1f}s), "
        f"{os.cpu_count()} cores, SQLite"
    )
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:40} {count:>6}")
    print(f"  {'HTTP calls in all':40} {len(fake.calls):>6}")
    print(f"  members in the fake Mailchimp: {len(fake.audience.members):,}")
    print(f"  still unsynced here: {unsynced:,}")
    print(f"  mailchimp_sync --reconcile took {took:.1f}s")


if __name__ == "__main__":
    main()
