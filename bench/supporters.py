#!/usr/bin/env python
"""Measure the public supporters list and its JSON feed at 300 and at 10,000 organisations.

In-process, with Django's test Client sending a `messages` cookie, which makes the
whole-page cache step aside as it does for any visitor with a flash message, so every
request runs the view: for each address it prints the SQL queries one request runs and
the median time of --requests requests, with 300 approved organisations and again with
10,000, and the ratio. The list is meant to cost the same queries and the same order of
time at both sizes (ARCHITECTURE.md, "Speed we aim for"). The JSON feed is the whole
list by design, so its time grows with it; its query count must not.

    .venv/bin/python bench/supporters.py                  # a fresh SQLite file in a temp dir
    .venv/bin/python bench/supporters.py --database-url postgres://postgres@127.0.0.1/bench

A --database-url must name a throwaway database: its organisations are deleted first.
About one listing in ten is left unapproved (awaiting review, withdrawn, ...) and one in
four approved ones has a logo, as on a real list.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SMALL, LARGE = 300, 10_000
AFTER_CHANGE = ", after a change"
UNAPPROVED_SHARE = 0.1
LOGO_SHARE = 0.25

WORDS = [
    "Alliance",
    "Brain",
    "Cancer",
    "Diabetes",
    "Epilepsy",
    "Foundation",
    "Genetic",
    "Heart",
    "Institute",
    "Journal",
    "Kidney",
    "Lung",
    "Medicines",
    "Nurses",
    "Oncology",
    "Patients",
    "Quality",
    "Research",
    "Society",
    "Trials",
    "University",
    "Vision",
    "Women's",
    "Xenotransplant",
    "Youth",
    "Zoonoses",
    "Ärzte",
    "Évidence",
    "3 Counties",
    "Σύλλογος",
]
KINDS = ["Association", "Society", "Trust", "Network", "Foundation", "Group", "Council", "e.V."]
COUNTRIES = ["GB", "GB", "GB", "DE", "FR", "IT", "ES", "NL", "US", "IE", "SE", "PL", "IN", "BR"]


def setup_django(database_url: str, media_root: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=media_root,
        PAGE_CACHE_ENABLED="true",
        DEBUG="false",
        ALLOWED_HOSTS="localhost,testserver",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_site():
    """A home page as the default site's root and the supporters list at /supporters/."""
    from site_tree import page_under_home

    from supporters.models import Organisation, SupportersIndexPage

    Organisation.objects.all().delete()
    return page_under_home(
        SupportersIndexPage,
        title="Supporters",
        slug="supporters",
        intro="Organisations that support us.",
    )


def make_logos(count: int) -> list:
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    logos = []
    for n in range(count):
        buffer = io.BytesIO()
        PILImage.new("RGB", (320, 160), (n * 37 % 255, 60, 90)).save(buffer, "PNG")
        logos.append(
            Image.objects.create(title=f"Logo {n}", file=ImageFile(buffer, name=f"logo-{n}.png"))
        )
    return logos


def add_organisations(start: int, stop: int, logos: list, rng: random.Random) -> None:
    """Listings numbered start..stop-1, built in bulk: the keys save() would derive are set here."""
    from django.utils import timezone

    from supporters import names
    from supporters.models import Category, Organisation, Status

    categories = list(Category.values)
    unapproved = [Status.AWAITING_REVIEW, Status.PENDING_VERIFICATION, Status.WITHDRAWN]
    now = timezone.now()
    rows = []
    for n in range(start, stop):
        prefix = "The " if rng.random() < 0.15 else ""
        name = f"{prefix}{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {n}"
        website = f"https://org-{n}.example.org/"
        status = rng.choice(unapproved) if rng.random() < UNAPPROVED_SHARE else Status.APPROVED
        rows.append(
            Organisation(
                name=name,
                slug=f"bench-org-{n}",
                website=website,
                country=rng.choice(COUNTRIES),
                category=rng.choice(categories),
                statement="We support the campaign because every trial should report its results.",
                status=status,
                approved_at=now - datetime.timedelta(days=n % 900)
                if status == Status.APPROVED
                else None,
                logo=rng.choice(logos) if rng.random() < LOGO_SHARE else None,
                normalised_name=names.normalise_name(name),
                website_domain=names.website_domain(website),
                sort_name=names.sort_key(name),
                letter=names.sort_letter(name),
            )
        )
    Organisation.objects.bulk_create(rows, batch_size=1000)


def grow_to(approved: int, next_number: int, logos: list, rng: random.Random) -> int:
    from core.page_cache import clear_page_cache
    from supporters.models import Organisation

    while Organisation.objects.approved().count() < approved:
        missing = approved - Organisation.objects.approved().count()
        batch = int(missing / (1 - UNAPPROVED_SHARE)) + 1
        add_organisations(next_number, next_number + batch, logos, rng)
        next_number += batch
    # Trim any overshoot so both runs have exactly the size they claim.
    extra = Organisation.objects.approved().count() - approved
    if extra > 0:
        surplus = (
            Organisation.objects.approved().order_by("-pk").values_list("pk", flat=True)[:extra]
        )
        Organisation.objects.filter(pk__in=list(surplus)).delete()
    # What the services do after any change to the public list.
    clear_page_cache()
    return next_number


def rows_shown(response) -> int:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["count"]
    return response.content.count(b'<li class="supporter">')


def measure(client, views: dict[str, str], requests: int) -> dict[str, tuple[int, int, float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.page_cache import clear_page_cache

    results = {}
    for label, url in views.items():
        # "after a change": each request follows an approval or withdrawal, so the
        # filter counts and the header and footer fragments are made afresh.
        after_change = label.endswith(AFTER_CHANGE)
        url = url.removesuffix(AFTER_CHANGE)
        for _ in range(2):  # warm: renditions, templates, site root paths, filter options
            response = client.get(url)
            assert response.status_code == 200, url
            assert "X-Page-Cache" not in response, "the page cache should have stepped aside"
        if after_change:
            clear_page_cache()
        with CaptureQueriesContext(connection) as captured:
            shown = rows_shown(client.get(url))
        # Counted now: every request starts by clearing the connection's query log.
        queries = len(captured)
        timings = []
        for _ in range(requests):
            if after_change:
                clear_page_cache()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        results[label] = (queries, shown, statistics.median(timings))
    return results


def views_for(index_url: str, per_page: int) -> dict[str, str]:
    from supporters.models import Organisation

    last_page = max(1, -(-Organisation.objects.approved().count() // per_page))
    json_url = "/supporters/organisations.json"
    return {
        "list, first page": index_url,
        f"list, first page{AFTER_CHANGE}": f"{index_url}{AFTER_CHANGE}",
        "list ?letter=M": f"{index_url}?letter=M",
        "list ?q=heart": f"{index_url}?q=heart",
        "list ?country=GB": f"{index_url}?country=GB",
        "list ?country=DE&category=journal": f"{index_url}?country=DE&category=journal",
        "list, last page": f"{index_url}?page={last_page}",
        "JSON, whole list": json_url,
        "JSON ?country=DE": f"{json_url}?country=DE",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="a throwaway database (default: a temp SQLite file)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per address")
    parser.add_argument("--small", type=int, default=SMALL)
    parser.add_argument("--large", type=int, default=LARGE)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-supporters-")
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: str) -> None:
    """Build the list at both sizes, measure each address, print the table."""
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    setup_django(database_url, media_root=f"{workdir}/media")

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from supporters.models import SupportersIndexPage

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    index = prepare_site()
    logos = make_logos(20)
    rng = random.Random(2024)
    client = Client(HTTP_HOST="localhost", HTTP_COOKIE="messages=bench")
    per_page = getattr(settings, "SUPPORTERS_PER_PAGE", SupportersIndexPage.DEFAULT_PER_PAGE)

    next_number = grow_to(args.small, 0, logos, rng)
    small = measure(client, views_for(index.url, per_page), args.requests)
    grow_to(args.large, next_number, logos, rng)
    large = measure(client, views_for(index.url, per_page), args.requests)

    print()
    print(
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}  {connection.vendor}, in-process test Client, "
        f"page cache bypassed, median of {args.requests} requests, {os.cpu_count()} cores, "
        f"{time.perf_counter() - started:.0f}s in all"
    )
    sizes = f"@{args.small}", f"@{args.large}"
    print(
        f"{'view':36} {'queries' + sizes[0]:>12} {'queries' + sizes[1]:>14} "
        f"{'rows' + sizes[0]:>9} {'rows' + sizes[1]:>10} "
        f"{'ms' + sizes[0]:>7} {'ms' + sizes[1]:>8} {'ratio':>6}"
    )
    for label in small:
        (q_small, rows_small, ms_small), (q_large, rows_large, ms_large) = (
            small[label],
            large[label],
        )
        print(
            f"{label:36} {q_small:12} {q_large:14} {rows_small:9} {rows_large:10} "
            f"{ms_small:7.1f} {ms_large:8.1f} {ms_large / ms_small:6.2f}"
        )
    print(
        "rows: organisations the response shows. The list shows at most one page "
        f"({per_page}) whatever the size; the JSON is the whole list by design.\n"
        "queries: one fewer where no organisation shown has a logo (no renditions to fetch). "
        "The countries and categories offered\nas filters are counted once per change to the "
        "list (cached under the page cache's generation): the 'after a change' row pays that."
    )


if __name__ == "__main__":
    main()
