"""The database side of bench/petitions.py: the petition it signs, the SQL one signing
costs, and the check of the stored rows against the answers the clients got.

Run in manage.py shells (against the bench's settings) and in psql, never in the
bench's own process, so that Django is not set up in the process that times requests.
"""

from __future__ import annotations

import collections
import re
import subprocess

from pages import PYTHON, ROOT, manage
from signing_clients import RUN, Answer, accepted


def shell(env, script: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare(env) -> int:
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo_content", "--if-empty")
    out = shell(
        env,
        "from petitions.models import PetitionPage\n"
        "p = PetitionPage.objects.live().get(slug='petition', url_path='/home/petition/')\n"
        "print('petition', p.pk, p.is_open(), p.count_mode)\n",
    )
    _, pk, is_open, _mode = next(
        line.split() for line in out.splitlines() if line.startswith("petition ")
    )
    if is_open != "True":
        raise SystemExit("the demo petition is not open")
    return int(pk)


WITH_ROWS = (
    "load",
    "warm",
    "serial",
    "network",
)  # phases whose unique addresses must each store a row
PROBE_EMAILS = [f"probe{i}.r{RUN}@probe.bench.example" for i in range(2)]


def signing_queries(env, petition_id: int) -> list[str]:
    """The SQL of one signing (the second: the first stores the consent text)."""
    script = f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
data = dict(name="Probe", country="GB", postcode="SW1A 1AA", consent="on")
emails = {PROBE_EMAILS!r}
for n, email in enumerate(emails):
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/petitions/{petition_id}/sign/", {{**data, "email": email}},
                               HTTP_X_FORWARDED_FOR=f"192.0.2.{{n + 1}}")
    assert response.status_code == 302, response.status_code
for query in captured.captured_queries:
    print("sql", " ".join(query["sql"].split()))
"""
    out = shell({**env, "PAGE_CACHE_ENABLED": "false"}, script)
    return [abbreviate(line[4:]) for line in out.splitlines() if line.startswith("sql ")]


def abbreviate(sql: str) -> str:
    """`SELECT ... FROM "table" WHERE ...` / `INSERT INTO "table"` (and the task it queues)."""
    if sql.startswith("SELECT"):
        return ("SELECT ... " + sql[sql.find(" FROM ") + 1 :])[:110]
    if sql.startswith("INSERT"):
        task = re.search(r"'([a-z_]+(?:\.[a-z_]+)*\.tasks\.[a-z_]+)'", sql)
        table = sql.split()[2]
        return f"INSERT INTO {table}" + (f" ({task.group(1)})" if task else "")
    return sql[:110]


def check_rows(database_url: str, petition_id: int, answers: list[Answer]) -> dict:
    import psycopg

    with psycopg.connect(database_url) as db:
        rows = db.execute(
            "SELECT id, email, email_key, flagged, confirmation_held FROM petitions_signature"
            " WHERE petition_id = %s",
            [petition_id],
        ).fetchall()
        tasks = db.execute(
            "SELECT task_path, args_kwargs FROM django_tasks_database_dbtaskresult"
        ).fetchall()

    by_email = collections.defaultdict(list)
    held = set()
    for pk, email, _key, _flagged, confirmation_held in rows:
        by_email[email].append(pk)
        if confirmation_held:
            held.add(pk)
    by_key = collections.Counter(row[2] for row in rows)
    confirmations = collections.Counter()
    already = 0
    other = collections.Counter()  # other tasks queued for a signature, by task
    for path, args_kwargs in tasks:
        if path.endswith("send_confirmation_email"):
            confirmations[args_kwargs["args"][0]] += 1
        elif path.endswith("send_already_signed_email"):
            already += 1
        elif args_kwargs["args"][:2] == ["petitions", "signature"]:
            other[path] += 1

    load_ok = {a.email for a in answers if a.phase in WITH_ROWS and accepted(a)}
    load_failed = {a.email for a in answers if a.phase in WITH_ROWS and not accepted(a)}
    dup_emails = {a.email for a in answers if a.phase == "duplicate"}
    dup_ok = {a.email for a in answers if a.phase == "duplicate" and accepted(a)}
    rejected = {a.email for a in answers if a.phase in ("no-consent", "honeypot")}
    expected = load_ok | dup_ok | set(PROBE_EMAILS)

    stored_ids = [pk for pks in by_email.values() for pk in pks if pk not in held]
    network = {a.email for a in answers if a.phase == "network"}
    network_rows = [row for row in rows if row[1] in network]
    return {
        "network_signers": len(network),
        "network_stored": len(network_rows),
        "network_flagged": sum(1 for row in network_rows if row[3] and not row[4]),
        "network_held": sum(1 for row in network_rows if row[4]),
        "network_lost": len(network - {row[1] for row in network_rows}),
        "held_emailed": sum(1 for pk in held if confirmations[pk]),
        "rows": len(rows),
        "accepted": len(load_ok) + len(dup_ok),
        "lost": len([e for e in load_ok | dup_ok if e not in by_email]),
        # Rows with the same address have the same email_key, so this counts both.
        "duplicated": sum(n - 1 for n in by_key.values() if n > 1),
        "dup_rows": {e: len(by_email.get(e, [])) for e in sorted(dup_emails)},
        "written_for_failed": len([e for e in load_failed if e in by_email]),
        "written_for_rejected": len([e for e in rejected if e in by_email]),
        "unexpected_rows": len([e for e in by_email if e not in expected]),
        "flagged": sum(1 for row in rows if row[3]),
        "held": len(held),
        "confirmations_queued": sum(1 for pk in stored_ids if confirmations[pk] >= 1),
        "confirmations_missing": sum(1 for pk in stored_ids if confirmations[pk] == 0),
        "confirmations_extra": sum(max(0, confirmations[pk] - 1) for pk in stored_ids),
        "already_signed_emails": already,
        "other_tasks": other,
    }
