"""Every email the project writes is built by core.emails.templated_message.

One way to build an email means one place for the sender, the subject's folding and
the templates' layout. allauth's own emails (accounts/adapter.py) are allauth's.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "cms", "supporters", "petitions", "updates", "donations", "demo"]
ALLOWED = {"core/emails.py", "accounts/adapter.py"}
BUILDING_AN_EMAIL = re.compile(
    r"\b(EmailMessage|EmailMultiAlternatives)\(|\bsend_mail\(|\bsend_mass_mail\(|\bmail_admins\("
    r"|render_to_string\([^)]*email"
)


def test_no_module_builds_or_sends_an_email_by_itself():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ALLOWED or "/migrations/" in relative:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if BUILDING_AN_EMAIL.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], "use core.emails.templated_message:\n" + "\n".join(offenders)


def test_the_check_would_see_an_email_built_by_hand():
    assert BUILDING_AN_EMAIL.search('message = EmailMessage(subject="Hi", to=[a])')
    assert BUILDING_AN_EMAIL.search('body = render_to_string("petitions/email/confirm.txt", c)')
    assert not BUILDING_AN_EMAIL.search("def _message(template: str) -> EmailMessage:")
