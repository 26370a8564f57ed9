"""What `make stack-check` proves against the running stack (deploy/stack.py).

Each check drives the stack from outside, as visitors, an editor and the failures of
a real day would, through the front address (Varnish) unless it says otherwise, and
reads the outcome from the shared PostgreSQL with Django's ORM (this process sets up
Django with the stack's own environment, like a management shell on an app host). It
prints one line per check and a summary, and `run` returns 1 if any check failed.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from stack import FRONT_PORT, NGINX_PORT, RUN, wait_for_http  # deploy/stack.py

ROOT = Path(__file__).resolve().parent.parent
RUN_ID = secrets.token_hex(3)
PASSWORD = "stack-check-" + secrets.token_urlsafe(12)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class CheckFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# --- HTTP as visitors make it -----------------------------------------------------------


@dataclass
class Answer:
    status: int | str
    seconds: float
    email: str = ""
    location: str = ""
    at: float = 0.0


@dataclass
class Visitor:
    """One browser's worth of HTTP: its own source address on the loopback network (so
    the stack sees a crowd, not one client), its own CSRF cookie, one kept-alive
    connection to the front."""

    host: str
    port: int
    source: str = "127.0.0.1"
    cookie: str = ""
    token: str = ""
    connection: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=30, source_address=(self.source, 0)
            )
        return self.connection

    def request(self, method: str, path: str, body: str = "", headers=None):
        headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = self._connection()
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            self.connection = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            self.connection = None
        return response, content

    def fetch_token(self) -> None:
        response, content = self.request("GET", "/csrf-token/")
        self.token = json.loads(content)["token"]
        cookie = response.getheader("Set-Cookie", "")
        expect(cookie.startswith("csrftoken="), "GET /csrf-token/ set no csrftoken cookie")
        self.cookie = cookie.split(";", 1)[0]

    def post_form(self, path: str, fields: dict, email: str = "") -> Answer:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **fields}, doseq=True)
        started = time.perf_counter()
        try:
            response, _ = self.request("POST", path, body)
            status, location = response.status, response.getheader("Location", "")
        except (OSError, http.client.HTTPException) as error:
            status, location = type(error).__name__, ""
        return Answer(status, time.perf_counter() - started, email, location, started)

    def sign(self, petition_id: int, email: str, *, updates: bool = False) -> Answer:
        fields = {
            "name": "Stack Signer",
            "email": email,
            "country": "GB",
            "postcode": "SW1A 1AA",
            "consent": "on",
        }
        if updates:
            fields["wants_updates"] = "on"
        return self.post_form(f"/petitions/{petition_id}/sign/", fields, email)


def get(url: str, *, timeout: float = 10, headers=None) -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {}
        )
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def accepted(answer: Answer) -> bool:
    return answer.status == 302 and "/check-email/" in answer.location


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))]


# --- The context every check shares -----------------------------------------------------------


@dataclass
class Context:
    stack: object
    front_host: str = "127.0.0.1"
    front_port: int = FRONT_PORT
    petition_id: int = 0
    editor_email: str = ""
    totp_secret: str = ""
    browser_page: object = None
    cleanups: list = field(default_factory=list)

    @property
    def front(self) -> str:
        return f"http://{self.front_host}:{self.front_port}"

    def host_url(self, name: str) -> str:
        return f"http://{self.stack.topology.host(name).address}"

    def visitor(self, source: str = "127.0.0.1") -> Visitor:
        visitor = Visitor(self.front_host, self.front_port, source)
        visitor.fetch_token()
        return visitor

    @staticmethod
    def access_log() -> list[str]:
        """nginx's access log, a line per request: `... $upstream_addr $request_time`."""
        return (RUN / "logs" / "nginx-access.log").read_text().splitlines()

    def nginx_upstreams(self, since_line: int, pattern: str) -> Counter:
        """Which app host answered each logged request matching `pattern` since a line
        (the last of `$upstream_addr`'s addresses: the one nginx got its answer from)."""
        return Counter(
            line.split()[-2] for line in self.access_log()[since_line:] if re.search(pattern, line)
        )


def setup_django(stack) -> None:
    os.environ.update(stack.env())
    # Playwright's sync API keeps an event loop on this thread; the ORM queries here are
    # a script's, one at a time, not a server's.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(ctx: Context) -> None:
    """An editor with an authenticator, and the demo petition's id."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale

    from petitions.models import PetitionPage

    ctx.editor_email = f"editor-{RUN_ID}@stack.example.org"
    editor = get_user_model().objects.create_superuser(ctx.editor_email, PASSWORD)
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    ctx.totp_secret = generate_totp_secret()
    TOTP.activate(editor, ctx.totp_secret)
    # The English page: its translations sign the same petition.
    petition = PetitionPage.objects.live().filter(locale=Locale.get_default()).first()
    expect(petition is not None, "the demo content has no live petition")
    ctx.petition_id = petition.pk


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


# --- The editor, in a real browser, signed in on host A ------------------------------------


def editor_page(ctx: Context):
    if ctx.browser_page is not None:
        return ctx.browser_page
    expect(os.path.exists(CHROMIUM), "Chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    ctx.cleanups.append(playwright.stop)
    ctx.cleanups.append(browser.close)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    host_a = ctx.host_url("a")
    page.goto(host_a + "/admin/")
    page.get_by_label("Email").fill(ctx.editor_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(ctx.totp_secret))
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    ctx.browser_page = page
    return page


def title_shown(html: bytes, title: str) -> bool:
    return title.encode() in html


def check_publish(ctx: Context) -> str:
    """An editor publishes through host A; Varnish and host B show it at once."""
    from cms.models import CampaignPage

    page_model = CampaignPage.objects.live().order_by("path").first()
    expect(page_model is not None, "no live campaign page in the demo content")
    path = page_model.url
    # Warm every cache on the way: Varnish, and each host's page cache.
    for _ in range(2):
        get(ctx.front + path)
        get(ctx.host_url("b") + path)
    status, headers, _ = get(ctx.front + path)
    expect(headers.get("x-cache") == "hit", f"Varnish did not cache {path}: {headers}")

    new_title = f"{page_model.title.split(' [')[0]} [stack check {RUN_ID}]"
    page = editor_page(ctx)
    page.goto(ctx.host_url("a") + f"/admin/pages/{page_model.pk}/edit/")
    page.locator("#id_title").fill(new_title)
    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    published = time.monotonic()

    seen: dict[str, float] = {}
    deadline = published + 15
    while time.monotonic() < deadline and len(seen) < 2:
        for name, url in (("Varnish", ctx.front + path), ("host B", ctx.host_url("b") + path)):
            if name not in seen:
                _, _, body = get(url)
                if title_shown(body, new_title):
                    seen[name] = time.monotonic() - published
        time.sleep(0.1)
    expect("Varnish" in seen, "Varnish still served the old page 15 s after publishing")
    expect("host B" in seen, "host B still served the old page 15 s after publishing")
    return f"{path}: through Varnish after {seen['Varnish']:.1f} s, host B after {seen['host B']:.1f} s"


def check_purge_acl(ctx: Context) -> str:
    """Varnish takes PURGE from the app hosts only."""
    connection = http.client.HTTPConnection(ctx.front_host, ctx.front_port, timeout=5)
    connection.request("PURGE", "/")
    status = connection.getresponse().status
    connection.close()
    expect(status == 403, f"a PURGE from outside the app hosts got {status}, not 403")
    topology = ctx.stack.topology
    if not topology.isolated:
        return "PURGE from 127.0.0.1 refused (hosts share 127.0.0.1 without namespaces)"
    script = (
        f"import http.client as h; c = h.HTTPConnection({topology.services_ip!r}, "
        f"{ctx.front_port}, timeout=5); c.request('PURGE', '/'); print(c.getresponse().status)"
    )
    out = subprocess.run(  # noqa: S603
        ["ip", "netns", "exec", topology.host("a").namespace, sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expect(out == "200", f"a PURGE from host A got {out}, not 200")
    return "PURGE from outside: 403; from host A: 200"


def check_limits_across_hosts(ctx: Context) -> str:
    """Limits count in Redis, so two hosts are one limit: the 21st donation started from
    one address in an hour is refused, and the 101st signature from one address is
    flagged, whichever host each request reached."""
    from django.conf import settings

    from donations.models import DonatePage
    from petitions.models import Signature

    source = "127.0.0.201"
    visitor = ctx.visitor(source)
    start_line = len(ctx.access_log())
    # Flood flag: PETITION_FLAG_IP (100/h) from one address.
    flag_at = int(settings.PETITION_FLAG_IP.split("/")[0])
    emails = [f"flood{n}.{RUN_ID}@d{n}.flood.example" for n in range(flag_at + 10)]
    answers = [visitor.sign(ctx.petition_id, email) for email in emails]
    expect(all(accepted(a) for a in answers), "a signer from a busy address was turned away")
    flagged = Signature.objects.filter(email__in=emails, flagged=True).count()
    stored = Signature.objects.filter(email__in=emails).count()
    served = ctx.nginx_upstreams(start_line, r'"POST /petitions/\d+/sign/')
    expect(len(served) >= 2, f"the signatures did not reach both hosts: {dict(served)}")
    expect(stored == len(emails), f"{len(emails)} signed, {stored} stored")
    expect(flagged == 10, f"{flagged} of the last 10 past {flag_at}/h were flagged, not 10")

    # Rate limit: DONATIONS_RATE_LIMIT_IP (20/h) from one address.
    donate = DonatePage.objects.live().first()
    expect(donate is not None, "no live donate page")
    limit = int(settings.DONATIONS_RATE_LIMIT_IP.split("/")[0])
    visitor = ctx.visitor("127.0.0.202")
    start_line = len(ctx.access_log())
    statuses = []
    for n in range(limit + 1):
        fields = {
            "frequency": "one_off",
            "currency": "GBP",
            "amount": "10",
            "name": "Stack Donor",
            "email": f"donor{n}.{RUN_ID}@stack.example",
        }
        statuses.append(visitor.post_form(donate.url, fields).status)
    served = ctx.nginx_upstreams(start_line, rf'"POST {re.escape(donate.url)}')
    expect(len(served) >= 2, f"the donations did not reach both hosts: {dict(served)}")
    expect(
        statuses[:limit] == [303] * limit and statuses[limit] == 429,
        f"donations from one address answered {Counter(statuses)}; want {limit} x 303 then 429",
    )
    return (
        f"{flag_at} signatures unflagged then 10 flagged, {limit} donations then 429, "
        f"across {len(served)} hosts"
    )


def signing_load(ctx: Context, clients: int, seconds: float, during=None) -> dict:
    """`clients` visitors, each from its own address, sign unique emails for `seconds`.
    `during(elapsed)` is called by the conductor every 0.2 s."""
    visitors = [ctx.visitor(f"127.0.1.{n + 1}") for n in range(clients)]
    answers: list[list[Answer]] = [[] for _ in visitors]
    barrier = threading.Barrier(clients + 1)
    start = {}

    def work(index: int, visitor: Visitor) -> None:
        counter = itertools.count()
        barrier.wait()
        while time.perf_counter() - start["t"] < seconds:
            n = next(counter)
            email = f"load{n}.v{index}.{RUN_ID}@d{n % 89}.v{index}.load.example"
            answers[index].append(visitor.sign(ctx.petition_id, email))

    threads = [
        threading.Thread(target=work, args=(i, v), daemon=True) for i, v in enumerate(visitors)
    ]
    for thread in threads:
        thread.start()
    start["t"] = time.perf_counter()
    barrier.wait()
    while any(thread.is_alive() for thread in threads):
        if during is not None:
            during(time.perf_counter() - start["t"])
        time.sleep(0.2)
    every = [answer for per in answers for answer in per]
    return {"answers": every, "start": start["t"], "seconds": seconds}


def verify_rows(answers: list[Answer]) -> tuple[int, int, int]:
    """(accepted, lost, duplicated) for the signatures these answers stand for."""
    from django.db.models import Count

    from petitions.models import Signature

    emails = [a.email for a in answers if accepted(a)]
    rows = Counter()
    for chunk in range(0, len(emails), 1000):
        part = emails[chunk : chunk + 1000]
        for row in Signature.objects.filter(email__in=part).values("email").annotate(n=Count("id")):
            rows[row["email"]] = row["n"]
    lost = sum(1 for email in emails if rows[email] == 0)
    duplicated = sum(1 for n in rows.values() if n > 1)
    return len(emails), lost, duplicated


def check_signing_load(ctx: Context) -> str:
    """100 signers for 30 s through the front: every accepted signature is one row, no 5xx."""
    result = signing_load(ctx, 100, 30)
    answers = result["answers"]
    statuses = Counter(a.status for a in answers)
    errors = {s: n for s, n in statuses.items() if not (isinstance(s, int) and s < 500)}
    count, lost, duplicated = verify_rows(answers)
    latencies = [a.seconds for a in answers]
    detail = (
        f"{count} accepted ({count / result['seconds']:.0f}/s), p50 "
        f"{percentile(latencies, 50) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms, "
        f"lost {lost}, duplicated {duplicated}, 5xx/errors {sum(errors.values())}"
    )
    expect(count > 0, "nothing was accepted: " + detail)
    expect(lost == 0 and duplicated == 0 and not errors, detail + f" {errors}")
    return detail


def check_host_killed(ctx: Context) -> str:
    """Host B dies (SIGKILL) in the middle of a signing crowd: nginx sends everyone to
    host A, and nothing that was accepted is lost."""
    stack = ctx.stack
    killed = {}

    def during(elapsed: float) -> None:
        if elapsed >= 8 and "at" not in killed:
            stack.kill("web-b", signal.SIGKILL)
            killed["at"] = time.perf_counter()

    result = signing_load(ctx, 50, 20, during)
    answers = result["answers"]
    count, lost, duplicated = verify_rows(answers)
    after = [a for a in answers if a.at > killed["at"] + 1]
    failed_after = [a for a in after if not accepted(a)]
    failed = [a for a in answers if not accepted(a)]
    # Host B comes back, as its process manager restarts it.
    stack.restart("web-b")
    wait_for_http(ctx.host_url("b") + "/healthz/", timeout=60)
    detail = (
        f"{count} accepted, lost {lost}, duplicated {duplicated}; {len(failed)} failed "
        f"(in flight on host B when it died: {Counter(a.status for a in failed)}), "
        f"{len(after) - len(failed_after)}/{len(after)} accepted after the kill"
    )
    expect(lost == 0 and duplicated == 0, detail)
    expect(after and not failed_after, "requests after the kill still failed: " + detail)
    return detail


def check_slow_headers(ctx: Context) -> str:
    """50 sockets sending request headers a byte every 2 s, at the front and at nginx,
    for 30 s: health probes through the front keep answering."""
    sockets = []
    targets = [(ctx.front_host, ctx.front_port), ("127.0.0.1", NGINX_PORT)]
    for n in range(50):
        for host, port in targets:
            sock = socket.create_connection((host, port), timeout=5)
            sock.sendall(f"GET /?slow={n} HTTP/1.1\r\nHost: {host}\r\nX-Slow: ".encode())
            sockets.append(sock)
    probes: list[float] = []
    failures = 0
    closed = set()
    started = time.monotonic()
    next_byte = started
    while time.monotonic() - started < 30:
        if time.monotonic() >= next_byte:
            for index, sock in enumerate(sockets):
                if index not in closed:
                    try:
                        sock.sendall(b"a")
                    except OSError:
                        closed.add(index)
            next_byte += 2
        probe_start = time.monotonic()
        try:
            status, _, _ = get(ctx.front + "/healthz/db/", timeout=3)
            probes.append(time.monotonic() - probe_start)
            failures += status != 200
        except OSError:
            failures += 1
        time.sleep(0.5)
    for sock in sockets:
        sock.close()
    detail = (
        f"{len(probes) - failures}/{len(probes) + (failures if len(probes) < failures else 0)} "
        f"probes answered 200, slowest {max(probes or [0]) * 1000:.0f} ms; "
        f"{len(closed)} of {len(sockets)} slow sockets cut off by the proxies"
    )
    expect(failures == 0 and probes, detail)
    return detail


def wait_for_queue(queue: str, timeout: float = 120) -> None:
    """Until no task on `queue` is due and waiting for a worker (the status endpoint's
    `ready` figure)."""
    from django.utils import timezone

    from core.health import queue_figures

    deadline = time.monotonic() + timeout
    while queue_figures(timezone.now())[queue]["ready"]:
        expect(time.monotonic() < deadline, f"the {queue} queue did not drain in {timeout:.0f} s")
        time.sleep(0.5)


class Mailbox:
    """The stack's sent emails (files under var/stack/mail/), each read once."""

    def __init__(self):
        self.read: set[Path] = set()
        self.texts: list[str] = []

    def received(self, email: str) -> bool:
        for path in sorted((RUN / "mail").glob("*.log")):
            if path not in self.read:
                self.read.add(path)
                self.texts.append(path.read_text(errors="replace"))
        return any(email in text for text in self.texts)


def check_mailchimp_down_and_worker_killed(ctx: Context) -> tuple[tuple[bool, str], ...]:
    """Mailchimp hangs for 60 s: confirmation emails keep going out meanwhile. During the
    outage the sync worker is killed mid-call: the sweep queues its task again, and after
    Mailchimp recovers every sign-up reaches it."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from updates.models import Subscriber, SyncState

    stack = ctx.stack
    wait_for_queue("emails")  # what earlier checks queued goes out first
    stack.kill("mailchimp", signal.SIGSTOP)  # every call now hangs until the client's timeout
    outage_start = time.monotonic()
    visitor = ctx.visitor("127.0.0.203")
    signers: dict[str, float] = {}
    subscribers: list[str] = []
    delivered: dict[str, float] = {}
    mailbox = Mailbox()
    killed_task_id = None
    n = 0
    try:
        while time.monotonic() - outage_start < 60:
            if n < 10:
                email = f"outage{n}.{RUN_ID}@d{n}.outage.example"
                answer = visitor.sign(ctx.petition_id, email)
                expect(accepted(answer), f"signing during the outage answered {answer.status}")
                signers[email] = time.monotonic()
                sub = f"subscriber{n}.{RUN_ID}@d{n}.outage.example"
                visitor.post_form("/subscribe/", {"email": sub, "consent": "on"})
                subscribers.append(sub)
                n += 1
            for email, when in signers.items():
                if email not in delivered and mailbox.received(email):
                    delivered[email] = time.monotonic() - when
            if killed_task_id is None:
                running = DBTaskResult.objects.filter(
                    status=TaskResultStatus.RUNNING, queue_name="sync"
                ).first()
                if running is not None:
                    stack.kill("worker-sync-a", signal.SIGKILL)
                    killed_task_id = running.id
                    stack.restart("worker-sync-a")
            time.sleep(1)
    finally:
        stack.kill("mailchimp", signal.SIGCONT)
    late = [email for email in signers if email not in delivered]
    slowest = max(delivered.values() or [0])
    mail_detail = (
        f"{len(delivered)}/{len(signers)} confirmation emails sent during a 60 s Mailchimp "
        f"outage, slowest {slowest:.1f} s after signing"
    )

    # After the outage: the sweep has re-queued the dead worker's task, and everyone syncs.
    deadline = time.monotonic() + 90
    synced = 0
    while time.monotonic() < deadline:
        synced = Subscriber.objects.filter(
            email__in=subscribers, sync_state=SyncState.SYNCED
        ).count()
        if synced == len(subscribers):
            break
        time.sleep(1)
    lost_task = None
    if killed_task_id is not None:
        lost_task = DBTaskResult.objects.get(id=killed_task_id)
    worker_detail = (
        "no sync task was running to kill"
        if lost_task is None
        else (
            f"task {lost_task.task_path.rsplit('.', 1)[-1]} left RUNNING by the killed worker "
            f"became {lost_task.status} ({lost_task.exception_class_path or 'none'}); "
            f"{synced}/{len(subscribers)} sign-ups in Mailchimp after it recovered"
        )
    )
    return (
        (not late and slowest < 15, mail_detail),
        (
            lost_task is not None
            and lost_task.status == TaskResultStatus.FAILED
            and lost_task.exception_class_path == "core.tasks.WorkerLost"
            and synced == len(subscribers),
            worker_detail,
        ),
    )


def check_media(ctx: Context) -> str:
    """An image uploaded in the admin lands in the S3 fake and is served through the front."""
    import boto3
    from django.conf import settings
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    upload = RUN / f"stack-check-{RUN_ID}.png"
    PILImage.new("RGB", (240, 160), (20, 90, 160)).save(upload)
    page = editor_page(ctx)
    page.goto(ctx.host_url("a") + "/admin/images/multiple/add/")
    page.locator("input[type=file]").first.set_input_files(str(upload))
    Image = get_image_model()
    deadline = time.monotonic() + 30
    image = None
    while time.monotonic() < deadline and image is None:
        image = Image.objects.filter(title__icontains=f"stack-check-{RUN_ID}").first()
        time.sleep(0.5)
    expect(image is not None, "the upload did not create an image")
    client = boto3.client(
        "s3",
        endpoint_url=settings.AWS_S3_ENDPOINT_URL,
        region_name=settings.AWS_S3_REGION_NAME,
    )
    key = image.file.name
    listed = client.list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix=key)
    expect(listed.get("KeyCount", 0) == 1, f"{key} is not in the bucket")
    rendition = image.get_rendition("width-80")
    expect(rendition.url.startswith(ctx.front + "/media/"), f"served from {rendition.url}")
    status, headers, body = get(rendition.url)
    expect(
        status == 200 and headers.get("content-type", "").startswith("image/"),
        f"GET {rendition.url} answered {status} {headers.get('content-type')}",
    )
    local = Path(settings.MEDIA_ROOT)
    expect(not (local / key).exists(), "the upload was also written to local disk")
    return f"{key} in bucket {settings.AWS_STORAGE_BUCKET_NAME}; {rendition.url} served ({len(body)} bytes)"


def check_static(ctx: Context) -> str:
    """Static files come from nginx, kept for a year."""
    status, _, body = get(ctx.front + "/")
    match = re.search(rb'href="(/static/[^"]+\.css)"', body)
    expect(match is not None, "the home page links no stylesheet under /static/")
    url = match.group(1).decode()
    status, headers, _ = get(ctx.front + url)
    expect(status == 200, f"{url} answered {status}")
    expect(
        "max-age=31536000" in headers.get("cache-control", ""),
        f"{url} Cache-Control: {headers.get('cache-control')}",
    )
    return f"{url}: 200, {headers.get('cache-control')}"


def check_count_from_the_cdn(ctx: Context) -> str:
    """A petition's count and widget are served by Varnish, and may be served stale
    while it fetches a fresh one."""
    details = []
    for path in (
        f"/petitions/{ctx.petition_id}/count.json",
        f"/petitions/{ctx.petition_id}/widget/",
    ):
        get(ctx.front + path)
        status, headers, _ = get(ctx.front + path)
        control = headers.get("cache-control", "")
        expect(status == 200, f"{path} answered {status}")
        expect("stale-while-revalidate" in control, f"{path} Cache-Control: {control}")
        expect(headers.get("x-cache") == "hit", f"Varnish did not keep {path}")
        details.append(f"{path}: hit, {control}")
    return "; ".join(details)


def check_status(ctx: Context) -> str:
    """Operators' figures at /healthz/status/, for the token only."""
    status, _, _ = get(ctx.front + "/healthz/status/")
    expect(status in (403, 404), f"/healthz/status/ without the token answered {status}")
    token = ctx.stack.env()["HEALTH_STATUS_TOKEN"]
    status, _, body = get(
        ctx.front + "/healthz/status/", headers={"Authorization": f"Bearer {token}"}
    )
    expect(status in (200, 503), f"/healthz/status/ with the token answered {status}")
    figures = json.loads(body)
    return f"{status}: " + ", ".join(sorted(figures))[:160]


def run(stack) -> int:
    started = time.monotonic()
    setup_django(stack)
    ctx = Context(stack)
    results: list[tuple[str, bool, str]] = []

    def attempt(name: str, check) -> None:
        began = time.monotonic()
        try:
            outcome = check(ctx)
        except CheckFailed as failure:
            results.append((name, False, str(failure)))
        except Exception as error:  # a check that breaks is a failed check, with its reason
            results.append((name, False, f"{type(error).__name__}: {error}"))
        else:
            if isinstance(outcome, tuple):  # a check that reports two things
                for (ok, detail), sub in zip(outcome, name.split("+"), strict=True):
                    results.append((sub, ok, detail))
                    _print(results[-1], time.monotonic() - began)
                return
            results.append((name, True, outcome))
        _print(results[-1], time.monotonic() - began)

    try:
        prepare(ctx)
        for name, check in (
            ("static files from nginx", check_static),
            ("the petition count from the cache", check_count_from_the_cdn),
            ("publish through host A, seen through Varnish and host B", check_publish),
            ("PURGE from the app hosts only", check_purge_acl),
            ("rate limits and flood flags across both hosts", check_limits_across_hosts),
            # Before the crowds: their confirmation emails would queue in front of these.
            (
                "Mailchimp down for 60 s+a worker killed mid-task",
                check_mailchimp_down_and_worker_killed,
            ),
            ("100 signers for 30 s", check_signing_load),
            ("an app host killed mid-load", check_host_killed),
            ("50 slow-header sockets for 30 s", check_slow_headers),
            ("an uploaded image in the S3 fake", check_media),
            ("operators' status endpoint", check_status),
        ):
            # STACK_CHECKS=publish,media runs only the checks whose function names match.
            wanted = [w for w in os.environ.get("STACK_CHECKS", "").split(",") if w]
            if not wanted or any(w in check.__name__ for w in wanted):
                attempt(name, check)
    finally:
        for cleanup in reversed(ctx.cleanups):
            with contextlib.suppress(Exception):
                cleanup()
    failed = [r for r in results if not r[1]]
    print(
        f"stack-check: {len(results) - len(failed)} passed, {len(failed)} failed "
        f"in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return 1 if failed else 0


def _print(result: tuple[str, bool, str], seconds: float) -> None:
    name, ok, detail = result
    print(f"{'PASS' if ok else 'FAIL'}  {name} ({seconds:.0f} s): {detail}", flush=True)
