"""Signing in in tests: the code an authenticator app would show now, and counting the
password hashes a request costs."""

import contextlib

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import override_settings


def current_totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


class CountingPasswordHasher(MD5PasswordHasher):
    """The test suite's fast hasher, counting how many passwords it hashes.

    Hashing is what makes a request slow enough to time, so two paths that hash
    the same number of times cannot be told apart by their timing."""

    hashed = 0

    def encode(self, password, salt):
        type(self).hashed += 1
        return super().encode(password, salt)


@contextlib.contextmanager
def counting_password_hashes():
    """`with counting_password_hashes() as hashes:` ... `hashes()` is the count so far."""
    with override_settings(PASSWORD_HASHERS=["tests.auth.CountingPasswordHasher"]):
        CountingPasswordHasher.hashed = 0
        yield lambda: CountingPasswordHasher.hashed
