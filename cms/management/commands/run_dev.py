"""Serve the site and run the task workers and the scheduler together, for `make run`."""

import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.tasks import unserved_queues, worker_commands


def background_commands() -> list[list[str]]:
    """What `make run` starts beside the web server, as production runs them: one
    worker per queue group (a Mailchimp outage holds up the sync worker, never the
    emails), and the one scheduler (core/scheduler.py), which at start runs every
    periodic job that is due (the task sweep, expiry of unconfirmed signatures)."""
    return [*worker_commands(python=sys.executable), [sys.executable, "manage.py", "scheduler"]]


class Command(BaseCommand):
    help = (
        "Run the development server, the background task workers and the scheduler "
        "until interrupted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--fake-stripe",
            action="store_true",
            help="Start the fake Stripe of the tests (tests/fakes/stripe.py) and point the "
            "site at it, so the donate form can be tried without Stripe keys.",
        )

    def handle(self, *args, host, port, fake_stripe=False, **options):
        if unserved := unserved_queues():
            raise CommandError(
                f"No worker group in TASK_WORKER_GROUPS serves {', '.join(unserved)}: "
                "tasks there would never run."
            )
        base_url = f"http://{host}:{port}"
        manage = [sys.executable, "manage.py"]
        worker_log_path = settings.VAR_DIR / "worker.log"
        worker_log_path.parent.mkdir(parents=True, exist_ok=True)
        worker_log = worker_log_path.open("a")
        # The worker logs every task; its own file keeps the console readable.
        # Links in emails (written by the worker) point at this server.
        child_env = {**os.environ, "BASE_URL": os.environ.get("BASE_URL", base_url)}
        fakes = []
        if fake_stripe:
            stripe, stripe_env = self._start_fake_stripe(host)
            fakes.append(stripe)
            child_env.update(stripe_env)
        workers = [
            subprocess.Popen(command, stdout=worker_log, stderr=subprocess.STDOUT, env=child_env)  # noqa: S603
            for command in background_commands()
        ]
        server = subprocess.Popen([*manage, "runserver", f"{host}:{port}"], env=child_env)  # noqa: S603
        self._wait_for(host, port, server)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"The site is at {base_url}/ ({len(workers) - 1} task workers running: "
                f"{'; '.join(','.join(group) for group in settings.TASK_WORKER_GROUPS)}; "
                "and the scheduler of periodic jobs; their log is var/worker.log)."
            )
        )
        call_command("dev_setup", base_url=base_url, stdout=self.stdout)
        if fake_stripe:
            self.stdout.write(
                f"Donations go to a fake Stripe at {child_env['STRIPE_API_BASE']}: its Checkout "
                "page takes no card and no money, and sends no webhook.\n"
            )
        self.stdout.write("Emails the site sends are written to var/mail/. Stop with Ctrl-C.\n")

        def stop(*_):
            for process in (server, *workers, *fakes):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while server.poll() is None and all(w.poll() is None for w in workers):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in (server, *workers, *fakes):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            worker_log.close()

    @staticmethod
    def _start_fake_stripe(host: str) -> tuple[subprocess.Popen, dict[str, str]]:
        """The fake Stripe on a free port; it prints the three settings that point at it."""
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-u", "-m", "tests.fakes.stripe", "--host", host, "--port", str(port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        names = ("STRIPE_API_BASE", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
        found: dict[str, str] = {}
        while len(found) < len(names):
            line = process.stdout.readline()
            if not line:
                raise CommandError("The fake Stripe (tests/fakes/stripe.py) did not start.")
            name, _, value = line.strip().partition("=")
            if name in names:
                found[name] = value
        return process, found

    @staticmethod
    def _wait_for(host: str, port: int, server: subprocess.Popen, timeout: float = 60) -> None:
        """Announce the address only once the server answers on it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with socket.create_connection((host, port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
