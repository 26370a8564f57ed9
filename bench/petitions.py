#!/usr/bin/env python
"""Sign a petition with many concurrent clients against gunicorn on PostgreSQL, then
check the stored rows against the answers the clients got.

    .venv/bin/python bench/petitions.py                          # 32 clients, 20 s
    .venv/bin/python bench/petitions.py --clients 64 --duration 30 --keep

What it does, in one run against one gunicorn (3 sync workers, production settings,
PostgreSQL, Redis from REDIS_URL / 127.0.0.1:6379 db 10):

1. a fresh `campaign_bench_petitions` database (dropped and created: it must be a
   throwaway), migrated, with the demo petition at /petition/;
2. the SQL one signing costs, counted in-process with Django's test client;
3. wrk against /healthz/ (hello world) and /healthz/db/ (one query): the yardsticks;
4. the signing load: --clients threads, each with its own CSRF cookie and token (from
   GET /csrf-token/), posting unique addresses for --duration seconds (or until
   --signatures in all), every request timed; before it, 50 signings by one client
   alone (the time a signing takes with nobody queued in front of it);
5. a duplicate phase: every client posts the SAME address at the same moment
   (--dup-emails rounds), which must leave exactly one row per address;
6. a rejected phase: a form without consent (answers 200, the form again) and a
   honeypot submission (answers 302 like any other, by design) per client: neither
   may store anything;
7. a busy-network phase: every client signs from ONE address (a hospital behind
   one NAT), --network-signers in all, past the flood threshold and the
   per-address limit: every signer must be stored (flagged past 100, held for
   review with no email past 500), none lost;
8. the checks, in PostgreSQL: a row for every accepted address (lost = accepted
   without a row), no second row for any address (duplicated), one queued
   confirmation task per stored signature except those held for review (which
   must have none until an editor accepts them), no row for a rejected or failed
   request; and how many were flagged (0 outside the busy-network phase unless
   the limits below interfered).

It prints signatures/s sustained (over the whole window, and the slowest whole
second), p50/p95/p99 latency, the ratio to the one-query and to the hello-world view,
the CPU time per request of the gunicorn workers and their PostgreSQL backends (a
cost that other load on a shared machine changes much less than requests/s), the
non-302 answers by status, and the checks; it exits 1 if a signature was lost or
duplicated, a confirmation not queued, or a row written for a rejected request.

Limits: signing is screened by per-address and per-email rate limits and flood
flags (petitions/abuse.py). The server runs with TRUSTED_PROXY_COUNT=1 and every
signing request carries an X-Forwarded-For address of its own (10.<client>.x.y),
like a crowd of real signers, so the production per-address limits stay on but are
not reached outside the busy-network phase; addresses are spread over many domains
so the per-domain flood flag is not reached either. The per-email limit (5/h) is raised to 100000/h, so that in
the duplicate phase all the concurrent attempts at one address reach the INSERT and
race on the unique constraint instead of all but five being dropped by the limiter.

The client is Python threads with http.client in this process, on the same machine:
it competes with gunicorn, PostgreSQL and Redis for the CPU, and its own CPU time is
printed. gunicorn's sync workers close the connection after every response (no
keep-alive), so each request opens a new connection, as wrk's do against them.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import (  # noqa: E402
    environment,
    start_gunicorn,
    wait_until_up,
    wrk,
)
from signing_clients import (  # noqa: E402
    NETWORK_ADDRESS,
    RUN,
    Client,
    ServerCPU,
    accepted,
    percentile,
    run_duplicates,
    run_load,
    run_one_network,
    run_rejected,
)
from signing_rows import (  # noqa: E402
    PROBE_EMAILS,
    WITH_ROWS,
    check_rows,
    prepare,
    signing_queries,
)


def latency_line(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{label:34} {len(ms):7} {percentile(ms, 50):8.1f} {percentile(ms, 95):8.1f} "
        f"{percentile(ms, 99):8.1f} {max(ms) if ms else float('nan'):8.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--duration", type=int, default=20, help="seconds of signing (20)")
    parser.add_argument(
        "--signatures", type=int, default=0, help="sign this many in all instead of --duration"
    )
    parser.add_argument(
        "--dup-emails", type=int, default=5, help="addresses all clients sign at once (5)"
    )
    parser.add_argument("--wrk-duration", type=int, default=8, help="seconds per wrk yardstick (8)")
    parser.add_argument(
        "--network-signers",
        type=int,
        default=600,
        help="signers from one address in the busy-network phase (600: past the 500/h limit)",
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_PETITIONS_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/campaign_bench_petitions",
        ),
        help="a throwaway PostgreSQL database: it is dropped and created",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/10")
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    if not args.database_url.startswith("postgres"):
        raise SystemExit("--database-url must be a PostgreSQL database")

    began = time.monotonic()
    env = environment(args)
    env.update(TRUSTED_PROXY_COUNT="1", PETITION_RATE_LIMIT_EMAIL="100000/h")
    name = args.database_url.rsplit("/", 1)[1]
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    drop = ["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    subprocess.run(drop, check=True)
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    if args.redis_url:
        subprocess.run(
            ["redis-cli", "-u", args.redis_url, "FLUSHDB"], check=False, capture_output=True
        )
    try:
        petition_id = prepare(env)
        queries = signing_queries(env, petition_id)
        results = measure(env, args, petition_id)
        checks = check_rows(args.database_url, petition_id, results["answers"])
    finally:
        if not args.keep:
            subprocess.run(drop, check=False)
    failed = report(args, queries, results, checks, time.monotonic() - began)
    if args.keep:
        print(f"kept the database: {args.database_url}")
    sys.exit(1 if failed else 0)


def measure(env, args, petition_id: int) -> dict:
    host = "127.0.0.1"
    base = f"http://{host}:{args.port}"
    server = start_gunicorn(env, port=args.port, workers=args.workers, threads=args.threads)
    try:
        wait_until_up(base + "/healthz/")
        urllib.request.urlopen(base + "/healthz/db/", timeout=10)  # noqa: S310 - loopback
        load_before = os.getloadavg()
        cpu = ServerCPU(server.pid, args.database_url)
        yardsticks = []
        for path in ("/healthz/", "/healthz/db/"):
            before = cpu.snapshot()
            result = wrk(base + path, args.wrk_duration, args.clients)
            result["cpu_ms"] = cpu.since(before) * 1000 / (result["rps"] * args.wrk_duration)
            yardsticks.append(result)
        hello, one_query = yardsticks

        clients = [Client(n, host, args.port, petition_id) for n in range(args.clients)]
        for client in clients:
            client.fetch_token()
        # Warm every worker (templates, connections, the consent marker): not timed.
        warm = [c.post("warm", f"warm.c{c.number}.r{RUN}@warm.bench.example") for c in clients]
        # One client alone: the time a signing takes with no queue in front of it.
        warm += [
            clients[0].post("serial", f"serial{n}.r{RUN}@serial.bench.example") for n in range(50)
        ]
        before = cpu.snapshot()
        answers, elapsed, client_cpu, machine_busy = run_load(clients, args)
        signing_cpu = cpu.since(before)
        load_during = os.getloadavg()
        answers += warm
        answers += run_duplicates(clients, args.dup_emails)
        answers += run_rejected(clients)
        answers += run_one_network(clients, args.network_signers)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {
        "hello": hello,
        "one_query": one_query,
        "answers": answers,
        "elapsed": elapsed,
        "client_cpu": client_cpu,
        "signing_cpu": signing_cpu,
        "machine_busy": machine_busy,
        "load_before": load_before,
        "load_during": load_during,
    }


def report(args, queries, results, checks, total_seconds) -> bool:
    answers = results["answers"]
    load = [a for a in answers if a.phase == "load"]
    ok = [a for a in load if accepted(a)]
    elapsed = results["elapsed"]
    rate = len(ok) / elapsed
    per_second = collections.Counter(int(a.started + a.seconds) for a in ok)
    whole = [per_second.get(s, 0) for s in range(int(elapsed))]
    slowest = min(whole) if whole else 0
    hello, one_query = results["hello"], results["one_query"]

    print()
    print(
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}  gunicorn {args.workers} "
        f"{'sync workers' if args.threads == 1 else f'workers x {args.threads} threads'}, "
        f"PostgreSQL, Redis, {args.clients} clients, "
        + (f"{args.signatures} signatures" if args.signatures else f"{args.duration}s signing")
        + f", {os.cpu_count()} cores, {total_seconds:.0f}s in all"
    )
    print(
        f"load average {results['load_before'][0]:.2f} before, {results['load_during'][0]:.2f} "
        f"after signing; machine {results['machine_busy'] * 100:.0f}% busy while signing, "
        f"of which the bench client {results['client_cpu'] / elapsed * 100 / (os.cpu_count() or 1):.0f}% "
        f"({results['client_cpu']:.1f} CPU s: it shares the cores with gunicorn)"
    )
    print(f"SQL per signing: {len(queries)} queries (plus rate-limit counters in Redis):")
    for query in queries:
        print(f"  {query}")
    print()
    signing_cpu_ms = results["signing_cpu"] * 1000 / max(1, len(load))
    ms = [a.seconds * 1000 for a in load]
    rows = [
        ("hello world (/healthz/)", hello["rps"], hello["p50"], hello["p99"], hello["cpu_ms"]),
        (
            "one query (/healthz/db/)",
            one_query["rps"],
            one_query["p50"],
            one_query["p99"],
            one_query["cpu_ms"],
        ),
        (
            "signing (POST, 302 accepted)",
            rate,
            percentile(ms, 50),
            percentile(ms, 99),
            signing_cpu_ms,
        ),
    ]
    print(
        f"{'address':30} {'req/s':>6} {'x hello':>7} {'x 1-query':>9} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'CPU ms':>6} {'CPU x hello':>11}"
    )
    for label, rps, p50, p99, cpu_ms in rows:
        print(
            f"{label:30} {rps:6.0f} {rps / hello['rps']:7.2f} {rps / one_query['rps']:9.2f} "
            f"{p50:7.1f} {p99:7.1f} {cpu_ms:6.2f} {hello['cpu_ms'] / cpu_ms:11.2f}"
        )
    print(
        "CPU ms: CPU time of the gunicorn workers and their PostgreSQL backends per request "
        "(not Redis, not the client);\nCPU x hello: hello world's CPU per request over this one, "
        "the throughput ratio if nothing else ran on the machine."
    )
    print()
    print(
        f"signatures/s sustained: {rate:.0f} over {elapsed:.1f}s ({len(ok)} accepted), "
        f"slowest whole second {slowest}"
    )
    print()
    print(f"{'latency':34} {'requests':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print(latency_line("signing, unique addresses", [a.seconds for a in load]))
    serial = [a.seconds for a in answers if a.phase == "serial"]
    print(latency_line("signing, one client alone", serial))
    dup = [a for a in answers if a.phase == "duplicate"]
    print(latency_line(f"signing, {args.clients} at once, same address", [a.seconds for a in dup]))
    print()

    non302 = collections.Counter(
        (a.phase, a.status)
        for a in answers
        if a.phase in (*WITH_ROWS, "duplicate") and not accepted(a)
    )
    listed = ", ".join(
        f"{phase} {status}: {n}" for (phase, status), n in sorted(non302.items(), key=str)
    )
    print(f"non-302 answers while signing: {listed or 'none'}")
    no_consent = collections.Counter(a.status for a in answers if a.phase == "no-consent")
    print(
        f"rejected on purpose: no consent -> {dict(no_consent)} (200 = the form again), "
        f"honeypot -> {dict(collections.Counter(a.status for a in answers if a.phase == 'honeypot'))}"
    )
    print()
    dup_rows = checks["dup_rows"]
    print(
        f"rows: {checks['rows']} stored for {checks['accepted']} accepted addresses "
        f"(+{len(PROBE_EMAILS)} from the SQL count)"
    )
    print(f"lost (accepted, no row):                {checks['lost']}")
    print(f"duplicated (a second row for one address): {checks['duplicated']}")
    print(
        f"same address {args.clients} at once: rows per address {sorted(set(dup_rows.values()))} "
        f"over {len(dup_rows)} addresses; {checks['already_signed_emails']} 'already signed' emails queued"
    )
    print(
        f"confirmation queued: {checks['confirmations_queued']} of "
        f"{checks['rows'] - checks['held']} rows not held for review "
        f"(missing {checks['confirmations_missing']}, extra {checks['confirmations_extra']}); "
        f"held for review with an email queued: {checks['held_emailed']} of {checks['held']}"
    )
    print(
        f"one network ({checks['network_signers']} signers from {NETWORK_ADDRESS}): "
        f"{checks['network_stored']} stored ({checks['network_flagged']} flagged and emailed, "
        f"{checks['network_held']} held for review with no email), lost {checks['network_lost']}"
    )
    for path, n in sorted(checks["other_tasks"].items()):
        print(
            f"also queued for signatures: {path} x {n} ({n / max(1, checks['rows']):.2f} per row)"
        )
    print(
        f"rows for rejected requests: {checks['written_for_rejected']}, for failed requests: "
        f"{checks['written_for_failed']}, unexplained: {checks['unexpected_rows']}; flagged: {checks['flagged']}"
    )

    failures = []
    if checks["lost"]:
        failures.append("signatures lost")
    if checks["duplicated"]:
        failures.append("signatures duplicated")
    if checks["confirmations_missing"] or checks["confirmations_extra"]:
        failures.append("confirmations not queued once per signature")
    if checks["held_emailed"]:
        failures.append("signatures held for review were emailed")
    if checks["network_lost"]:
        failures.append("signers from one busy network lost")
    if checks["written_for_rejected"] or checks["written_for_failed"] or checks["unexpected_rows"]:
        failures.append("rows written for requests that were not accepted")
    p99 = percentile([a.seconds * 1000 for a in load], 99)
    target = (
        f"target (ARCHITECTURE.md): >= 0.50x one-query -> {rate / one_query['rps']:.2f}x, "
        f"p99 < 100 ms -> {p99:.0f} ms, zero lost/duplicated -> "
        f"{checks['lost']}/{checks['duplicated']}"
    )
    print()
    print(target)
    if failures:
        print("FAILED: " + "; ".join(failures))
    return bool(failures)


if __name__ == "__main__":
    main()
