#!/usr/bin/env python
"""Measure the trials tracker: importing half a million studies, and the league table.

Import: each size runs in a fresh process on a fresh PostgreSQL database. It streams
generated studies in the exact ClinicalTrials.gov API v2 shape
(`trials.sample_studies.generate_studies`) through the import the command
`trials_import` uses, then maps sponsor names, classifies every trial under every
rule set and counts each sponsor, and prints studies per second for each step and the
process's peak memory. Memory is bounded when the peak at 500,000 studies is about
the peak at 50,000 (the study count is ten times larger).

League table: with 1,000 and then 50,000 sponsors in the league (their current
records written in bulk, as a refresh would), it asks for the first page, a page
filtered by sponsor class, the last page, and the JSON export (every qualifying row),
through Django's test Client with the page cache off, and prints the SQL queries
per request (meant to be the same at both sizes) and the median time.

    .venv/bin/python bench/trials.py                      # 50,000 and 500,000 studies
    .venv/bin/python bench/trials.py --studies 20000      # a quick run
    .venv/bin/python bench/trials.py --skip-import        # the league table only

The --database-url must name a throwaway database: it is dropped and created.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/campaign_bench_trials"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        DEBUG="false",
        PAGE_CACHE_ENABLED="false",
        ALLOWED_HOSTS="localhost,testserver",
        LOG_LEVEL="WARNING",
    )
    return env


def fresh_database(database_url: str) -> None:
    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    drop = ["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    subprocess.run(drop, check=True)
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def setup_django(database_url: str) -> None:
    os.environ.update(environment(database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- the import, in its own process -------------------------------------------------


def import_phase(studies: int, sponsors: int) -> dict:
    """Import `studies` generated studies, then refresh the tracker; one JSON line out."""
    from trials.models import RegistryImport
    from trials.sample_studies import generate_studies
    from trials.services.classifying import trials_classify
    from trials.services.importing import studies_import
    from trials.services.records import sponsor_records_refresh
    from trials.services.sponsors import mappings_refresh

    today = datetime.date(2026, 12, 1)
    before = peak_rss_mb()
    registry_import = RegistryImport.objects.create(
        source=RegistryImport.Source.FILE, label=f"bench: {studies} generated studies"
    )
    started = time.perf_counter()
    classes = ("INDUSTRY", "OTHER", "OTHER", "NIH", "OTHER_GOV", "NETWORK")
    names = [(f"Bench Sponsor {n}", classes[n % len(classes)]) for n in range(sponsors)]
    studies_import(
        studies=generate_studies(studies, seed=16, sponsors=names),
        registry_import=registry_import,
    )
    imported = time.perf_counter()
    mappings_refresh()
    mapped = time.perf_counter()
    classified_count = trials_classify(today=today)
    classified = time.perf_counter()
    sponsor_records_refresh(today=today, registry_import=registry_import)
    counted = time.perf_counter()
    registry_import.refresh_from_db()
    return {
        "studies": studies,
        "read": registry_import.studies_read,
        "created": registry_import.studies_created,
        "classified": classified_count,
        "import_s": imported - started,
        "map_s": mapped - imported,
        "classify_s": classified - mapped,
        "count_s": counted - classified,
        "rss_before_mb": before,
        "rss_peak_mb": peak_rss_mb(),
    }


def run_import(database_url: str, studies: int, sponsors: int) -> dict:
    fresh_database(database_url)
    out = subprocess.run(
        [PYTHON, __file__, "--phase-import", str(studies), "--sponsors", str(sponsors)],
        cwd=ROOT,
        env=environment(database_url) | {"BENCH_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"the import of {studies} studies failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the league table -----------------------------------------------------------------


def prepare_tracker():
    """A home page as the default site's root and the tracker at /trials/."""
    from site_tree import page_under_home

    from trials.models import TrackerPage

    return page_under_home(TrackerPage, title="Trials tracker", slug="trials")


def league_of(size: int) -> None:
    """Exactly `size` sponsors with current records under every rule set."""
    import random

    from trials.models import Sponsor, SponsorClass, SponsorRecord
    from trials.rules import RULE_SETS
    from trials.services.records import records_statistics_refresh

    SponsorRecord.objects.all().delete()
    Sponsor.objects.all().delete()
    rng = random.Random(size)
    classes = [SponsorClass.INDUSTRY, SponsorClass.OTHER, SponsorClass.NIH, SponsorClass.OTHER_GOV]
    sponsors = Sponsor.objects.bulk_create(
        [
            Sponsor(
                name=f"Bench Sponsor {n}",
                slug=f"bench-sponsor-{n}",
                sponsor_class=rng.choice(classes),
                is_sample=True,
            )
            for n in range(size)
        ],
        batch_size=2000,
    )
    today = datetime.date(2026, 12, 1)
    records = []
    for sponsor in sponsors:
        for key in RULE_SETS:
            due = rng.randint(5, 400)
            reported = rng.randint(0, due)
            on_time = rng.randint(0, reported)
            records.append(
                SponsorRecord(
                    sponsor=sponsor,
                    sponsor_name=sponsor.name,
                    sponsor_class=sponsor.sponsor_class,
                    rule_set=key,
                    total=due + 10,
                    due=due,
                    reported=reported,
                    reported_on_time=on_time,
                    reported_late=reported - on_time,
                    overdue=due - reported,
                    ongoing=10,
                    percent_reported=round(100 * reported / due, 1),
                    trend=round(rng.uniform(-20, 20), 1),
                    computed_on=today,
                )
            )
    SponsorRecord.objects.bulk_create(records, batch_size=5000)
    # As the refresh that writes them does: the planner learns how many there now are.
    records_statistics_refresh()


class QueryCounter:
    """An execute wrapper counting every SQL statement a request runs."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure_league(tracker, requests: int) -> dict[str, tuple[int, float, int]]:
    from django.db import connection
    from django.test import Client

    from trials.models import SponsorRecord

    base = tracker.url_path.replace(tracker.get_site().root_page.url_path, "/", 1)
    per_page = tracker.per_page
    qualifying = SponsorRecord.objects.filter(due__gte=tracker.minimum_due_trials).count() // 2
    last_page = max(1, -(-qualifying // per_page))
    views = {
        "league, first page": base,
        "league, industry only": f"{base}?class=INDUSTRY",
        "league, last page": f"{base}?page={last_page}",
        "league.json": f"{base}league.json",
    }
    # A `messages` cookie makes the whole-page cache step aside, as for any visitor
    # with a flash message: every request runs the view.
    client = Client(HTTP_HOST="localhost", HTTP_COOKIE="messages=bench")
    results = {}
    for label, path in views.items():
        client.get(path)  # warm
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        results[label] = (counter.count, statistics.median(times) * 1000, len(response.content))
    return results


def run_league(database_url: str, sizes: list[int], requests: int) -> None:
    fresh_database(database_url)
    setup_django(database_url)
    tracker = prepare_tracker()
    by_size = {}
    for size in sizes:
        league_of(size)
        by_size[size] = measure_league(tracker, requests)
    small, large = sizes[0], sizes[-1]
    print()
    print(f"league table, {requests} requests each, page cache off (median)")
    print(
        f"{'address':<24} {'queries':>8} {'ms':>8}    {'queries':>8} {'ms':>8}  {'x time':>7}"
        f"   (at {small:,} | {large:,} sponsors)"
    )
    for label in by_size[small]:
        q1, ms1, _ = by_size[small][label]
        q2, ms2, _ = by_size[large][label]
        print(f"{label:<24} {q1:>8} {ms1:>8.1f}    {q2:>8} {ms2:>8.1f}  {ms2 / ms1:>7.2f}")
    constant = all(by_size[small][k][0] == by_size[large][k][0] for k in by_size[small])
    print(f"queries constant in data size: {'yes' if constant else 'NO'}")
    if not constant:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--studies", type=int, default=500_000)
    parser.add_argument(
        "--sponsors", type=int, default=5_000, help="distinct lead sponsors in the studies"
    )
    parser.add_argument("--league-sizes", default="1000,50000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-league", action="store_true")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--phase-import", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase_import:
        setup_django(os.environ["BENCH_DATABASE_URL"])
        print(json.dumps(import_phase(args.phase_import, args.sponsors)))
        return

    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}  PostgreSQL, {os.cpu_count()} cores")
    if not args.skip_import:
        sizes = sorted({max(1, args.studies // 10), args.studies})
        rows = [run_import(args.database_url, size, args.sponsors) for size in sizes]
        print(
            f"{'studies':>9} {'import/s':>9} {'map s':>7} {'classify/s':>11} {'count s':>8}"
            f" {'peak MB':>8} {'of which Django':>16}"
        )
        for row in rows:
            print(
                f"{row['studies']:>9,} {row['studies'] / row['import_s']:>9,.0f}"
                f" {row['map_s']:>7.1f} {row['classified'] / row['classify_s']:>11,.0f}"
                f" {row['count_s']:>8.1f} {row['rss_peak_mb']:>8.0f} {row['rss_before_mb']:>16.0f}"
            )
            if row["created"] != row["studies"]:
                print(f"  LOST: {row['studies']} generated, {row['created']} stored")
                sys.exit(1)
        if len(rows) == 2:
            growth = (rows[1]["rss_peak_mb"] - rows[1]["rss_before_mb"]) / max(
                1.0, rows[0]["rss_peak_mb"] - rows[0]["rss_before_mb"]
            )
            print(
                f"memory above Django's own at {rows[1]['studies']:,} studies: {growth:.2f}x"
                f" that at {rows[0]['studies']:,} (bounded: about 1x for 10x the studies)"
            )
    if not args.skip_league:
        run_league(args.database_url, [int(s) for s in args.league_sizes.split(",")], args.requests)


if __name__ == "__main__":
    main()
