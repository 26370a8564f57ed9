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

    def handle(self, *args, host, port, **options):
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
        self.stdout.write("Emails the site sends are written to var/mail/. Stop with Ctrl-C.\n")

        def stop(*_):
            for process in (server, *workers):
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
            for process in (server, *workers):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            worker_log.close()

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
