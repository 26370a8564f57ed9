"""The process definitions (deploy/Procfile, deploy/systemd/) agree with the settings and
with each other, and gunicorn takes its sizing from the environment."""

import configparser
import os
import runpy
import shlex
import subprocess
import sys

from django.conf import settings

from .conftest import DEPLOY, ROOT, load_stack_module


def procfile() -> dict[str, list[str]]:
    return load_stack_module().procfile()


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_every_queue_group_has_its_worker_and_no_queue_is_left_out():
    groups = [
        command[command.index("--queue-name") + 1]
        for name, command in procfile().items()
        if name.startswith("worker-")
    ]
    assert sorted(groups) == sorted(",".join(g) for g in settings.TASK_WORKER_GROUPS)


def test_one_release_step_migrates_and_collects_static_and_nothing_else_does():
    processes = procfile()
    assert processes["release"][-2:] == ["sh", "deploy/release.sh"]
    release = (DEPLOY / "release.sh").read_text()
    assert "manage.py migrate --noinput" in release
    assert "manage.py collectstatic --noinput" in release
    for name, command in processes.items():
        if name != "release":
            assert "migrate" not in command and "collectstatic" not in command, name
    for path in (DEPLOY / "systemd").glob("*.service"):
        if path.name != "campaign-release.service":
            text = path.read_text()
            assert "migrate" not in text.split("ExecStart", 1)[-1], path.name


def test_one_scheduler_and_the_web_process_read_the_gunicorn_config():
    processes = procfile()
    assert processes["scheduler"] == ["python", "manage.py", "scheduler"]
    assert processes["web"] == ["gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi"]


def test_systemd_units_run_the_procfile_commands():
    processes = procfile()

    def exec_start(name):
        command = shlex.split(unit(name)["Service"]["ExecStart"])
        return [command[0].rsplit("/", 1)[-1], *command[1:]]

    assert exec_start("campaign-web.service") == processes["web"]
    assert exec_start("campaign-scheduler.service") == processes["scheduler"]
    assert exec_start("campaign-worker@.service") == [
        "python",
        "manage.py",
        "db_worker",
        "--queue-name",
        "%I",
    ]
    assert exec_start("campaign-release.service") == ["sh", "deploy/release.sh"]
    wanted = unit("campaign.target")["Unit"]["Wants"].split()
    for group in settings.TASK_WORKER_GROUPS:
        escaped = ",".join(group).replace(",", "\\x2c")
        assert f"campaign-worker@{escaped}.service" in wanted
    assert "campaign-scheduler.service" in wanted and "campaign-web.service" in wanted


def test_gunicorn_is_sized_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_BIND", "10.0.0.11:8000")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.10")
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (5, 4, "gthread")
    assert conf["bind"] == ["10.0.0.11:8000"]
    assert conf["forwarded_allow_ips"] == "10.0.0.10"
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["control_socket_disable"] is True

    monkeypatch.setenv("GUNICORN_THREADS", "1")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["worker_class"] == "sync"


def test_importing_the_site_opens_no_connection_a_forked_worker_would_share():
    """gunicorn imports the site once and forks its workers from it (preload_app): a
    connection opened at import (database, Redis, anything) would be one socket shared by
    every worker. None may be."""
    script = (
        "import os\n"
        "import config.wsgi\n"
        "def target(fd):\n"
        "    try:\n"
        "        return os.readlink(f'/proc/self/fd/{fd}')\n"
        "    except OSError:\n"  # the listing's own descriptor, closed by now
        "        return ''\n"
        "print(sum(target(fd).startswith('socket:') for fd in os.listdir('/proc/self/fd')))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "0", out.stdout + out.stderr
