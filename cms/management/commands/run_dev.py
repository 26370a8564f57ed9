"""Serve the site and run the task worker together, for `make run`."""

import signal
import subprocess
import sys
import time

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
        worker = subprocess.Popen([*manage, "db_worker", "--queue-name", "*"])  # noqa: S603
        server = subprocess.Popen([*manage, "runserver", f"{host}:{port}"])  # noqa: S603
        time.sleep(1.5)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"The site is at {base_url}/ (task worker running)."))
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
