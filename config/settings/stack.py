"""The production settings as `make stack` runs them on one machine (deploy/stack.py).

Everything is production's, with one thing left out: TLS. The local front is plain
HTTP on 127.0.0.1, so the redirect to HTTPS, HSTS and cookies marked Secure (which
a client never sends back over plain HTTP) are off. Never use this in production.
"""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
