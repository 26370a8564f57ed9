"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
        )
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
    }
    del env[missing]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable in production." in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-secret-for-the-deploy-check-0123456789-abcdefghij",
        ALLOWED_HOSTS="campaign.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_database_defaults_to_sqlite_under_var_and_follows_database_url():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    default = _manage("shell", "-c", code, DJANGO_SETTINGS_MODULE="config.settings.dev")
    assert default.returncode == 0, default.stderr
    assert "sqlite3" in default.stdout and str(ROOT / "var" / "db.sqlite3") in default.stdout

    postgres = _manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL="postgres://u@db.example:5432/campaign",
    )
    assert "postgresql" in postgres.stdout and "campaign" in postgres.stdout


def test_redis_url_switches_the_cache_to_redis():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = _manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.stdout.strip().endswith("RedisCache")
