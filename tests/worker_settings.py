"""Settings for real `db_worker` processes that a test starts (tests/core/test_queues.py).

The test settings, except that tasks wait in the database queue for the workers
instead of running at once, emails are written as files to EMAIL_FILE_PATH for the
test to read, and Mailchimp is wherever the test's environment points (its fake).
The test passes DATABASE_URL naming its own test database.
"""

from config.settings.base import env
from config.settings.test import *  # noqa: F403
from config.settings.test import TASK_QUEUES

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES},
}

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")

MAILCHIMP_API_KEY = env("MAILCHIMP_API_KEY", default="")
MAILCHIMP_LIST_ID = env("MAILCHIMP_LIST_ID", default="")
MAILCHIMP_API_BASE = env("MAILCHIMP_API_BASE", default="")
MAILCHIMP_TIMEOUT = env.float("MAILCHIMP_TIMEOUT", default=10.0)
MAILCHIMP_RETRY_BASE_SECONDS = env.float("MAILCHIMP_RETRY_BASE_SECONDS", default=1.0)
