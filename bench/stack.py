#!/usr/bin/env python
"""Speed through the whole production stack (deploy/stack.py), as ratios in one run.

    .venv/bin/python bench/stack.py              # starts the stack, measures, stops it
    .venv/bin/python bench/stack.py --running    # against a stack `make stack` started
    make stack-bench

With wrk, 32 connections, the same seconds for each:
1. a bare gunicorn hello: /healthz/ straight to app host A (no proxy): the baseline;
2. a cached page through nginx alone: the home page from the app's page cache, via nginx;
3. the same page through Varnish (the front): answered by Varnish without the app;
4. signing through the front: --clients visitors, each from its own address, signing
   unique emails for --duration seconds through Varnish, nginx and both hosts, with
   every accepted signature checked for its row (deploy/stack_check.py's load).

Each figure is printed in requests/s, p50/p99 latency and as a ratio to the baseline.
The target (ARCHITECTURE): through Varnish, at least the bare gunicorn hello.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "bench")]

import stack as stack_module  # noqa: E402  deploy/stack.py
import stack_check  # noqa: E402  deploy/stack_check.py
from pages import wrk  # noqa: E402  bench/pages.py


def measure(stack, seconds: int, clients: int, duration: int) -> int:
    stack_check.setup_django(stack)
    ctx = stack_check.Context(stack)
    stack_check.prepare(ctx)
    host_a = ctx.host_url("a")
    nginx = f"http://127.0.0.1:{stack_module.NGINX_PORT}"
    for url in (f"{nginx}/", f"{ctx.front}/"):  # warm the caches
        stack_check.get(url)
        stack_check.get(url)

    rows = [
        ("bare gunicorn hello (host A /healthz/)", wrk(f"{host_a}/healthz/", seconds, 32)),
        ("cached page through nginx alone", wrk(f"{nginx}/", seconds, 32)),
        ("cached page through Varnish", wrk(f"{ctx.front}/", seconds, 32)),
    ]
    baseline = rows[0][1]["rps"]
    print(f"{'':45} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x hello':>8} {'non-2xx':>8}")
    for name, figures in rows:
        print(
            f"{name:45} {figures['rps']:9.0f} {figures['p50']:8.1f} {figures['p99']:8.1f} "
            f"{figures['rps'] / baseline:8.2f} {figures['errors']:8d}"
        )

    result = stack_check.signing_load(ctx, clients, duration)
    answers = result["answers"]
    accepted, lost, duplicated = stack_check.verify_rows(answers)
    latencies = [answer.seconds for answer in answers]
    rate = accepted / result["seconds"]
    statuses = Counter(answer.status for answer in answers)
    print(
        f"{'signing through the front':45} {rate:9.0f} "
        f"{stack_check.percentile(latencies, 50) * 1000:8.1f} "
        f"{stack_check.percentile(latencies, 99) * 1000:8.1f} {rate / baseline:8.2f} "
        f"{sum(n for s, n in statuses.items() if s != 302):8d}"
    )
    print(
        f"signing: {accepted} accepted by {clients} visitors, lost {lost}, duplicated {duplicated}"
    )
    varnish = rows[2][1]["rps"]
    print(f"Varnish / bare gunicorn hello: {varnish / baseline:.2f}x (target >= 1)")
    return 1 if lost or duplicated else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--running", action="store_true", help="use the stack `make stack` started")
    parser.add_argument("--seconds", type=int, default=10, help="wrk seconds per address")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=int, default=20, help="signing seconds")
    args = parser.parse_args()
    if args.running:
        stack = stack_module.Stack.load()
        if stack is None:
            raise SystemExit("the stack is not running: make stack")
        sys.exit(measure(stack, args.seconds, args.clients, args.duration))
    try:
        stack = stack_module.up()
        code = measure(stack, args.seconds, args.clients, args.duration)
    finally:
        stack_module.down()
    sys.exit(code)


if __name__ == "__main__":
    main()
