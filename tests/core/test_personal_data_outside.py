"""Erasure with parts outside our database: each is reported, and an unfinished one
means the erasure is not complete (a non-zero exit from the command)."""

import io

import pytest
from django.core.management import CommandError, call_command

from core import personal_data
from core.personal_data import Erased, Step, personal_data_erase

pytestmark = pytest.mark.django_db


@pytest.fixture
def outside_app(monkeypatch):
    """An app whose erasure needs two calls to an outside service, one of which fails."""
    calls = []

    def erase(email):
        calls.append(("erase", email))

        def finish():
            calls.append(("finish", email))
            return [
                Step(name="thing_1", done=True, status="deleted"),
                Step(name="thing_2", done=False, status="still there — the service timed out"),
            ]

        return Erased(summary="removed the local copy.", finish=finish)

    monkeypatch.setitem(
        personal_data._handlers,
        "outside",
        personal_data.Handler(name="outside", export=lambda email: [], erase=erase),
    )
    return calls


def test_the_outside_steps_run_after_the_local_erase_and_are_reported(outside_app):
    report = personal_data_erase(email="ann@example.org")

    assert report["outside"] == "removed the local copy."
    assert report["account"] == "no account."  # the other apps answer as before
    assert outside_app == [("erase", "ann@example.org"), ("finish", "ann@example.org")]
    assert [(name, step.name) for name, step in report.in_progress] == [("outside", "thing_2")]


def test_the_command_says_what_is_still_in_progress_and_fails(outside_app):
    out = io.StringIO()
    with pytest.raises(CommandError, match="still in progress: outside thing_2") as raised:
        call_command("personal_data", "erase", "ann@example.org", "--yes", stdout=out)

    assert raised.value.returncode != 0
    assert "outside: thing_1: deleted" in out.getvalue()
    assert "outside: thing_2: still there — the service timed out" in out.getvalue()


def test_a_finish_step_that_crashes_counts_as_in_progress(monkeypatch):
    def erase(email):
        def finish():
            raise TimeoutError("no answer")

        return Erased(summary="removed the local copy.", finish=finish)

    monkeypatch.setitem(
        personal_data._handlers,
        "outside",
        personal_data.Handler(name="outside", export=lambda email: [], erase=erase),
    )
    [(name, step)] = personal_data_erase(email="ann@example.org").in_progress
    assert name == "outside" and "no answer" in step.status
