"""GET /healthz/status/ and the admin's Operations panel: each figure, when it answers 503,
who may see it, and that it says nothing about anyone."""

from __future__ import annotations

import datetime

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from core.health import health_status
from core.models import RunOutcome, ScheduledRun
from core.scheduler import scheduled_jobs
from tests.factories import (
    MailchimpDeletionFactory,
    PetitionPageFactory,
    SignatureFactory,
    StripeEventFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db

URL = "/healthz/status/"
TOKEN = "monitor-token-for-tests"  # noqa: S105
DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "emails", "sync", "payments"],
    }
}


@task(queue_name="emails")
def send_something(value: str) -> str:
    return value


@pytest.fixture
def token(settings):
    settings.HEALTH_STATUS_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def scheduler_ran():
    """Every scheduled job ran for its current slot: a scheduler is running."""
    now = timezone.now()
    for job in scheduled_jobs():
        ScheduledRun.objects.create(
            job=job.name, slot=job.slot(now), finished_at=now, outcome=RunOutcome.OK
        )


def _queued(*, minutes_ago: float = 0, **changes) -> DBTaskResult:
    with override_settings(TASKS=DATABASE_QUEUE):
        result = send_something.enqueue("x")
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), **changes
    )
    return DBTaskResult.objects.get(pk=result.id)


# --- Healthy, and each figure -----------------------------------------------------


def test_healthy_when_queues_move_and_the_scheduler_runs(client, token, scheduler_ran):
    response = client.get(URL, **token)

    assert response.status_code == 200
    body = response.json()
    assert body["healthy"] is True
    assert body["problems"] == []
    assert body["database"] == "ok"
    assert set(body["queues"]) == {"default", "emails", "sync", "payments"}
    assert set(body["scheduler"]) == {job.name for job in scheduled_jobs()}
    assert set(body["backlogs"]) == {"mailchimp", "stripe"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_queue_figures_count_ready_deferred_running_and_failed(scheduler_ran):
    now = timezone.now()
    _queued(minutes_ago=2)
    _queued(minutes_ago=1)
    _queued(run_after=now + datetime.timedelta(hours=1))  # a retry, due later
    _queued(status=TaskResultStatus.RUNNING, started_at=now)
    _queued(status=TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(minutes=30))
    _queued(status=TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(hours=5))
    _queued(status=TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(days=2))
    _queued(status=TaskResultStatus.SUCCESSFUL, finished_at=now)

    emails = health_status().figures["queues"]["emails"]

    assert emails["ready"] == 2
    assert 115 <= emails["oldest_ready_seconds"] <= 150
    assert emails["deferred"] == 1
    assert emails["running"] == 1
    assert emails["failed_last_hour"] == 1
    assert emails["failed_last_day"] == 2
    assert health_status().figures["queues"]["sync"]["ready"] == 0


def test_a_deferred_task_waits_from_when_it_became_due():
    task = _queued(minutes_ago=60, run_after=timezone.now() - datetime.timedelta(minutes=1))
    assert task.status == TaskResultStatus.READY
    emails = health_status().figures["queues"]["emails"]
    assert 55 <= emails["oldest_ready_seconds"] <= 90


# --- 503 ----------------------------------------------------------------------------


@override_settings(HEALTH_TASK_WAIT_MAX_SECONDS=300)
def test_unhealthy_when_a_ready_task_waits_past_the_limit(client, token, scheduler_ran):
    _queued(minutes_ago=6)

    response = client.get(URL, **token)

    assert response.status_code == 503
    assert response.json()["healthy"] is False
    assert response.json()["problems"][0].startswith("queue emails: the oldest ready task")


@override_settings(HEALTH_TASK_WAIT_MAX_SECONDS=300)
def test_a_task_deferred_to_later_is_not_a_stuck_queue(client, token, scheduler_ran):
    _queued(minutes_ago=60, run_after=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(URL, **token).status_code == 200


def test_unhealthy_when_a_scheduled_job_is_late(client, token, scheduler_ran):
    ScheduledRun.objects.filter(job="tasks_sweep").update(
        slot=timezone.now() - datetime.timedelta(minutes=11)
    )

    response = client.get(URL, **token)

    assert response.status_code == 503
    assert response.json()["scheduler"]["tasks_sweep"]["late"] is True
    assert "scheduled job tasks_sweep is late" in response.json()["problems"][0]
    assert response.json()["scheduler"]["tasks_sweep"]["last_outcome"] == "ok"


def test_unhealthy_when_no_scheduler_ever_ran(client, token):
    response = client.get(URL, **token)
    assert response.status_code == 503
    assert all("never ran" in problem for problem in response.json()["problems"])


@override_settings(
    MAILCHIMP_API_KEY="key-us1", MAILCHIMP_LIST_ID="list1", HEALTH_MAILCHIMP_BACKLOG_MAX=2
)
def test_unhealthy_when_a_connected_services_backlog_passes_its_limit(client, token, scheduler_ran):
    SubscriberFactory.create_batch(3)

    response = client.get(URL, **token)

    assert response.status_code == 503
    mailchimp = response.json()["backlogs"]["mailchimp"]
    assert mailchimp["waiting"] == 3 and mailchimp["over_limit"] is True
    assert response.json()["problems"] == ["Mailchimp sync: 3 waiting (limit 2)"]


@override_settings(MAILCHIMP_API_KEY="", HEALTH_MAILCHIMP_BACKLOG_MAX=2)
def test_sign_ups_kept_locally_while_mailchimp_is_not_connected_are_not_a_problem(
    client, token, scheduler_ran
):
    SubscriberFactory.create_batch(3)

    response = client.get(URL, **token)

    assert response.status_code == 200
    assert response.json()["backlogs"]["mailchimp"]["connected"] is False


@override_settings(STRIPE_SECRET_KEY="sk_test_x", HEALTH_STRIPE_BACKLOG_MAX=1)
def test_unhealthy_when_stripe_events_wait_unprocessed(client, token, scheduler_ran):
    StripeEventFactory.create_batch(2, processed_at=None, attempts=0)

    response = client.get(URL, **token)

    assert response.status_code == 503
    assert response.json()["backlogs"]["stripe"]["waiting"] == 2


def test_unhealthy_when_the_database_does_not_answer(client, token):
    def unreachable(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(unreachable):
        response = client.get(URL, **token)

    assert response.status_code == 503
    assert response.json() == {
        "healthy": False,
        "problems": ["database unreachable"],
        "database": "unreachable",
    }


# --- Who may see it -----------------------------------------------------------------


def test_nobody_without_the_token_finds_it(client, token):
    assert client.get(URL).status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="Basic abc").status_code == 404


def test_a_wrong_token_is_refused(client, token):
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer not-the-token").status_code == 403


def test_no_token_configured_means_no_token_works(client, settings):
    settings.HEALTH_STATUS_TOKEN = ""
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer anything").status_code == 404


def test_signed_in_superusers_see_it_and_other_staff_do_not(client, settings, django_user_model):
    settings.HEALTH_STATUS_TOKEN = ""
    editor = django_user_model.objects.create_user("editor@example.org", is_staff=True)
    client.force_login(editor)
    assert client.get(URL).status_code == 404
    boss = django_user_model.objects.create_superuser("boss@example.org", "passphrase-42-x")
    client.force_login(boss)
    assert client.get(URL).status_code in (200, 503)
    assert "queues" in client.get(URL).json()


def test_only_get(client, token):
    assert client.post(URL, **token).status_code == 405


# --- Nothing about people ---------------------------------------------------------------


@override_settings(MAILCHIMP_API_KEY="key-us1", MAILCHIMP_LIST_ID="list1", STRIPE_SECRET_KEY="sk_x")
def test_the_status_reveals_nothing_about_people(client, token, site_tree):
    SubscriberFactory(email="hidden.reader@example.org", first_name="Zebedee")
    MailchimpDeletionFactory(error="Member hidden.reader@example.org not found")
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True)
    SignatureFactory(petition=petition, email="hidden.signer@example.org", name="Quentin Blake")
    StripeEventFactory(
        processed_at=None,
        last_error="Donor hidden.donor@example.org",
        payload={"customer_details": {"email": "hidden.donor@example.org"}},
    )
    failed = _queued(status=TaskResultStatus.FAILED, finished_at=timezone.now())
    DBTaskResult.objects.filter(pk=failed.pk).update(
        args_kwargs={"args": ["hidden.task@example.org"], "kwargs": {}},
        traceback="ValueError: hidden.task@example.org",
    )
    ScheduledRun.objects.create(
        job="mailchimp_sweep",
        slot=timezone.now(),
        outcome=RunOutcome.FAILED,
        output="refused hidden.reader@example.org: Member Exists",
    )

    body = client.get(URL, **token).content.decode()

    assert "hidden." not in body
    assert "@" not in body
    for name in ("Zebedee", "Quentin", "Blake"):
        assert name not in body


# --- The admin panel --------------------------------------------------------------------


def test_the_operations_panel_shows_superusers_the_same_figures(client, django_user_model):
    _queued(minutes_ago=1)
    boss = django_user_model.objects.create_superuser("boss@example.org", "passphrase-42-x")
    client.force_login(boss)

    page = client.get("/admin/").content.decode()

    assert "core-operations" in page
    assert "data-operations-queues" in page
    assert "scheduled job tasks_sweep is late (never ran)" in page
    assert "Mailchimp sync" in page and "Stripe events" in page


def test_the_operations_panel_is_for_superusers_only(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor@example.org", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "data-operations-queues" not in response.content.decode()
