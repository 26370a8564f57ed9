"""Settings come from the environment; production refuses to start without its secrets."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from wagtail.contrib.frontend_cache.backends import (
    CloudflareBackend,
    CloudfrontBackend,
    HTTPBackend,
)
from wagtail.contrib.frontend_cache.utils import get_backends

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


def _frontend_cache(**env) -> dict:
    """WAGTAILFRONTENDCACHE as the settings build it from this environment."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FRONTEND_CACHE", "CLOUDFLARE_", "CLOUDFRONT_"))
    }
    environment.update(env)
    script = "import json; from config.settings import base; print(json.dumps(base.WAGTAILFRONTENDCACHE))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_frontend_cache_by_default():
    assert _frontend_cache() == {}


def test_frontend_cache_url_purges_varnish_over_http():
    config = _frontend_cache(FRONTEND_CACHE_URL="http://127.0.0.1:6081")
    backends = get_backends(config)
    assert list(backends) == ["varnish"]
    assert isinstance(backends["varnish"], HTTPBackend)
    assert backends["varnish"].cache_netloc == "127.0.0.1:6081"


@pytest.mark.parametrize(
    "credentials",
    [
        {"CLOUDFLARE_BEARER_TOKEN": "token-1"},
        {"CLOUDFLARE_EMAIL": "ops@example.org", "CLOUDFLARE_API_KEY": "key-1"},
    ],
)
def test_cloudflare_from_its_zone_and_a_token_or_key(credentials):
    config = _frontend_cache(CLOUDFLARE_ZONE_ID="zone-1", **credentials)
    backend = get_backends(config)["cloudflare"]
    assert isinstance(backend, CloudflareBackend)
    assert backend.cloudflare_zoneid == "zone-1"
    if "CLOUDFLARE_BEARER_TOKEN" in credentials:
        assert backend.cloudflare_token == "token-1"
    else:
        assert (backend.cloudflare_email, backend.cloudflare_api_key) == (
            "ops@example.org",
            "key-1",
        )


def test_cloudfront_from_its_distribution_alongside_varnish():
    config = _frontend_cache(
        CLOUDFRONT_DISTRIBUTION_ID="E123", FRONTEND_CACHE_URL="http://127.0.0.1:6081"
    )
    backends = get_backends(config)
    assert set(backends) == {"cloudfront", "varnish"}
    assert isinstance(backends["cloudfront"], CloudfrontBackend)
    assert backends["cloudfront"].cloudfront_distribution_id == "E123"


def test_production_refuses_a_cloudflare_zone_without_credentials():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        CLOUDFLARE_ZONE_ID="zone-1",
    )
    assert result.returncode != 0
    assert "CLOUDFLARE_BEARER_TOKEN" in result.stderr
