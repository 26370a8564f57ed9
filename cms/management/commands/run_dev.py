"""Serve the site and run the task worker together, for `make run`."""

import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development server and the background task worker until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, host, port, **options):
        base_url = f"http://{host}:{port}"
        manage = [sys.executable, "manage.py"]
        worker_log_path = settings.VAR_DIR / "worker.log"
        worker_log_path.parent.mkdir(parents=True, exist_ok=True)
        worker_log = worker_log_path.open("a")
        # The worker logs every task; its own file keeps the console readable.
        # Links in emails (written by the worker) point at this server.
        child_env = {**os.environ, "BASE_URL": os.environ.get("BASE_URL", base_url)}
        # Housekeeping a production scheduler runs daily (see README).
        call_command("petitions_expire_unconfirmed", stdout=self.stdout)
        worker = subprocess.Popen(  # noqa: S603
            [*manage, "db_worker", "--queue-name", "*"],
            stdout=worker_log,
            stderr=subprocess.STDOUT,
            env=child_env,
        )
        server = subprocess.Popen([*manage, "runserver", f"{host}:{port}"], env=child_env)  # noqa: S603
        self._wait_for(host, port, server)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"The site is at {base_url}/ (task worker running, log in var/worker.log)."
            )
        )
        call_command("dev_setup", base_url=base_url, stdout=self.stdout)
        self.stdout.write("Emails the site sends are written to var/mail/. Stop with Ctrl-C.\n")

        def stop(*_):
            for process in (server, worker):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while server.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in (server, worker):
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
