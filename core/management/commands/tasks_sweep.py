from django.core.management.base import BaseCommand

from core.tasks import tasks_sweep


class Command(BaseCommand):
    help = (
        "Re-queue background tasks whose worker died: RUNNING for longer than "
        "TASK_LEASE_SECONDS. Run every few minutes in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--lease", type=int, default=None, help="Seconds (default TASK_LEASE_SECONDS)."
        )

    def handle(self, *args, lease, **options):
        report = tasks_sweep(lease_seconds=lease)
        self.stdout.write(f"Re-queued {report.requeued} task(s) whose worker stopped.")
        for path in report.tasks:
            self.stdout.write(f"  {path}")
