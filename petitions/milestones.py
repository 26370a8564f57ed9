"""Reaching a petition's milestones: recorded once, the editors told once.

Editors set milestones in the page editor (`PetitionMilestone`, content that
publishing rewrites). Whether one was reached is a separate row,
`MilestoneReached`, unique per (petition, threshold), written only here.

`milestones_reach` runs after every count refresh (petitions/counts.py), the one
place the public count is stored: whichever refresh first sees the count at or past
a threshold inserts the row; any other refresh running at the same moment meets the
unique constraint and does nothing. The inserting one queues the email to the
petition's editors after its commit, and that email goes through
`core.emails.send_once` under the row's key, so a task run twice sends it once.

"The petition's editors" are the people who watch its signatures: active superusers
and everyone allowed to view or review signatures (Wagtail's Moderators group, see
migration 0002). They are the ones who can open the petition's report.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from core.emails import send_once_or_retry, templated_message
from core.tasks import EMAILS
from core.urls import site_url

logger = logging.getLogger(__name__)


def milestone_email_key(reached_id: int) -> str:
    return f"petitions.milestone:{reached_id}"


def milestones_reach(petition_id: int, total: int) -> list:
    """Record each milestone of the live petition that `total` has reached and no
    refresh recorded before; returns the rows this call made (one query when none)."""
    from .models import MilestoneReached, PetitionMilestone

    due = (
        PetitionMilestone.objects.filter(page_id=petition_id, page__live=True, threshold__lte=total)
        .exclude(
            Exists(
                MilestoneReached.objects.filter(
                    petition_id=petition_id, threshold=OuterRef("threshold")
                )
            )
        )
        .order_by("threshold", "sort_order")
        .values_list("threshold", "description")
    )
    made = []
    seen = set()
    for threshold, description in due:
        if threshold in seen:
            continue
        seen.add(threshold)
        try:
            with transaction.atomic():
                reached = MilestoneReached.objects.create(
                    petition_id=petition_id,
                    threshold=threshold,
                    description=description,
                    count=total,
                    reached_at=timezone.now(),
                )
                transaction.on_commit(lambda pk=reached.pk: notify_editors_of_milestone.enqueue(pk))
        except IntegrityError:
            continue  # another refresh recorded it a moment ago, and tells the editors
        made.append(reached)
    return made


def petition_editor_emails() -> list[str]:
    """Active superusers and everyone allowed to view or review signatures."""
    from wagtail.permissions import policy_registry

    from .models import Signature

    users = policy_registry.get_by_type(Signature).users_with_any_permission(["view", "change"])
    return sorted({email for email in users.values_list("email", flat=True) if email})


@task(queue_name=EMAILS)
def notify_editors_of_milestone(reached_id: int) -> None:
    """One email to the petition's editors for each milestone reached."""
    from .admin.links import report_url
    from .models import MilestoneReached

    reached = MilestoneReached.objects.select_related("petition").filter(pk=reached_id).first()
    recipients = petition_editor_emails()
    if reached is None or not recipients:
        return
    petition = reached.petition
    context = {
        "petition": petition,
        "reached": reached,
        "petition_url": site_url(petition.url or "/"),
        "report_url": site_url(report_url(petition.pk)),
    }
    send_once_or_retry(
        key=milestone_email_key(reached_id),
        build=lambda: templated_message(
            template="petitions/email/milestone_reached", context=context, to=recipients
        ),
        task=notify_editors_of_milestone,
        args=(reached_id,),
    )


def milestones_for_page(petition, total: int) -> dict:
    """What the petition page shows: the next milestone (with how many to go) and the
    ones reached, latest first. Two queries; on a preview, the milestones being edited."""
    from .models import MilestoneReached

    milestones = sorted(petition.milestones.all(), key=lambda m: (m.threshold, m.sort_order or 0))
    reached = list(
        MilestoneReached.objects.filter(petition_id=petition.petition_for_signatures().pk).order_by(
            "-threshold"
        )
        if petition.pk
        else []
    )
    reached_thresholds = {row.threshold for row in reached}
    wording = {}
    for milestone in milestones:
        wording.setdefault(milestone.threshold, milestone.description)
    upcoming = [
        m for m in milestones if m.threshold not in reached_thresholds and m.threshold > total
    ]
    next_milestone = upcoming[0] if upcoming else None
    return {
        "next_milestone": next_milestone,
        "next_milestone_to_go": next_milestone.threshold - total if next_milestone else 0,
        "milestones_reached": [
            {
                "threshold": row.threshold,
                "description": wording.get(row.threshold, row.description),
                "reached_at": row.reached_at,
            }
            for row in reached
        ],
    }
