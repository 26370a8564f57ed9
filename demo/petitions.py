"""The demo site's petition, at /petition/, with its milestones; and, when asked, some
weeks of demo signatures with their hourly history. Safe to run again."""

from __future__ import annotations

import datetime
import math
import random

from django.db import transaction
from django.utils import timezone

from core.consent import ConsentPurpose, wording_record
from demo.site import home_child_page_ensure
from petitions.counts import petition_count_refresh
from petitions.history import history_backfill
from petitions.models import (
    CountSnapshot,
    MilestoneReached,
    PetitionMilestone,
    PetitionPage,
    Signature,
    Status,
)

ASK = (
    "Make sure every clinical trial, past and present, is registered before it starts "
    "and has its full results reported within a year of finishing."
)
BODY = (
    "<p>Half of all clinical trials have never reported their results. When results go "
    "missing, doctors, researchers and patients decide without the whole picture, and the "
    "people who volunteered for those trials are let down.</p>"
    "<p>Rules have improved in the UK, the EU and the USA, but they are not enforced "
    "everywhere and they do not cover the trials already done. We ask the governments and "
    "regulators who can change this to require registration and reporting for every trial, "
    "and to check that it happens.</p>"
)
THANK_YOU = (
    "<p>Thank you: your signature now counts. Every name shows the regulators how many people "
    "expect every trial to be registered and every result reported.</p>"
    "<p>Please share the petition with colleagues, friends and family.</p>"
)


MILESTONES = [
    (
        1_000,
        "At 1,000 we send every name to the European Medicines Agency with our list of "
        "the trials whose results are still missing.",
    ),
    (
        10_000,
        "At 10,000 we ask the health ministers of the UK and the EU to meet patients who "
        "took part in unreported trials.",
    ),
    (
        100_000,
        "At 100,000 we deliver the petition to the European Medicines Agency in Amsterdam, "
        "and to the UK's Health Research Authority in London.",
    ),
]

# Where the demo signers say they are, roughly as a campaign like this one hears.
DEMO_COUNTRIES = [
    ("GB", 34), ("DE", 12), ("FR", 9), ("NL", 7), ("US", 8), ("IE", 4), ("ES", 5),
    ("IT", 5), ("SE", 3), ("DK", 2), ("CA", 3), ("AU", 3), ("IN", 2), ("", 3),
]  # fmt: skip
DEMO_DAYS = 28
DEMO_SIGNERS = 12_400
DEMO_EMAIL_DOMAIN = "signers.demo.example.org"


@transaction.atomic
def petitions_demo_load() -> PetitionPage | None:
    """The /petition/ page under the home page, created and published if missing."""
    return home_child_page_ensure(
        PetitionPage.objects.filter(slug="petition"),
        slug="petition",
        build=lambda: PetitionPage(
            title="All trials registered, all results reported",
            show_in_menus=True,
            menu_title="Petition",
            ask=ASK,
            addressed_to="Governments and regulators",
            body=BODY,
            goal=100_000,
            thank_you_text=THANK_YOU,
            ask_country=True,
            ask_postcode=True,
            ask_comment=True,
            milestones=[
                PetitionMilestone(threshold=threshold, description=description)
                for threshold, description in MILESTONES
            ],
        ),
    )


def _signing_times(now: datetime.datetime, count: int, rng: random.Random):
    """When each demo signer confirmed: a launch, a quieter spell, then a second wave
    when the news covered missing results, over the last DEMO_DAYS days."""
    start = now - datetime.timedelta(days=DEMO_DAYS)
    span = (now - start).total_seconds() - 3600
    weights = []
    for day in range(DEMO_DAYS):
        launch = 6 * math.exp(-day / 3)
        news = 4 * math.exp(-(((day - 18) / 2.5) ** 2))
        weights.append(1 + launch + news)
    total = sum(weights)
    times = []
    for day, weight in enumerate(weights):
        for _ in range(round(count * weight / total)):
            offset = (day + rng.random()) * 86400
            times.append(start + datetime.timedelta(seconds=min(offset, span)))
    return sorted(times)


@transaction.atomic
def petitions_demo_history_load(petition: PetitionPage) -> int:
    """Demo signers over the last four weeks, their hourly count history, and the
    milestones they reached on the way. Nobody is emailed. Adds nothing to a petition
    that already has history; returns the number of signatures added."""
    if CountSnapshot.objects.filter(petition=petition).exists():
        return 0
    rng = random.Random(14)  # noqa: S311 (the same demo every time; nothing secret)
    now = timezone.now()
    consent = wording_record(ConsentPurpose.PETITION_SIGNATURE, petition.consent_text)
    codes = [code for code, _ in DEMO_COUNTRIES]
    shares = [share for _, share in DEMO_COUNTRIES]
    signatures = []
    for n, moment in enumerate(_signing_times(now, DEMO_SIGNERS, rng)):
        email = f"signer-{n}@{DEMO_EMAIL_DOMAIN}"
        signatures.append(
            Signature(
                petition=petition,
                name=f"Demo signer {n}",
                email=email,
                email_key=email,
                email_domain=DEMO_EMAIL_DOMAIN,
                country=rng.choices(codes, shares)[0],
                status=Status.CONFIRMED,
                created_at=moment - datetime.timedelta(minutes=rng.randint(1, 90)),
                confirmed_at=moment,
                consent=consent,
                consent_given_at=moment,
            )
        )
    Signature.objects.bulk_create(signatures, batch_size=2000, ignore_conflicts=True)
    history_backfill(petition)
    for threshold, description in MILESTONES:
        first = (
            CountSnapshot.objects.filter(petition=petition, total__gte=threshold)
            .order_by("hour")
            .first()
        )
        if first is not None:
            MilestoneReached.objects.get_or_create(
                petition=petition,
                threshold=threshold,
                defaults={
                    "description": description,
                    "count": first.total,
                    "reached_at": first.hour,
                },
            )
    petition_count_refresh(petition.pk)
    return len(signatures)
