#!/usr/bin/env python
"""The production topology on one machine, from the project's own files.

    make stack         start it (prints the address and how to stop it)
    make stack-stop    stop it
    make stack-check   start it, run deploy/stack_check.py against it, stop it

What runs, with the machine's PostgreSQL and Redis:

    client -> Varnish 127.0.0.1:8300 (deploy/varnish/default.vcl: the CDN)
           -> nginx 127.0.0.1:8301 (deploy/nginx/proxy.conf: buffering, failover)
           -> host A 10.231.0.11:8000 | host B 10.231.0.12:8000 (gunicorn, deploy/gunicorn.conf.py)
    host A also runs a task worker per queue group, host B a second email worker and the
    scheduler (deploy/Procfile);
    fakes of Stripe, Mailchimp and S3 (moto) on 10.231.0.1, media in the S3 fake.

Each app host is a network namespace of its own (`ip netns`, root only), joined to the
machine by a bridge: it shares nothing with the other but the services every host
would reach over the network (PostgreSQL by its socket, Redis through a relay on the
bridge, the fakes). Without root the hosts are two gunicorns on 127.0.0.1:8311/8312.
The processes are those of deploy/Procfile, started as a process manager would, after
deploy/release.sh. Everything the stack writes is under var/stack/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "var" / "stack"
STATE = RUN / "state.json"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")

FRONT_PORT = int(os.environ.get("STACK_PORT", "8300"))
NGINX_PORT = FRONT_PORT + 1
MAILCHIMP_PORT = FRONT_PORT + 21
STRIPE_PORT = FRONT_PORT + 22
S3_PORT = FRONT_PORT + 23
DATABASE = os.environ.get("STACK_DATABASE", "campaign_stack")
REDIS_DB = os.environ.get("STACK_REDIS_DB", "14")
BUCKET = "campaign-media"

BRIDGE = "campaign-br"
SUBNET = "10.231.0"
MAILCHIMP_KEY = "fake0123456789abcdef0123456789ab-us21"


@dataclass
class Host:
    name: str  # "a", "b"
    ip: str
    port: int
    namespace: str | None  # None: a process on this machine's 127.0.0.1

    @property
    def address(self) -> str:
        return f"{self.ip}:{self.port}"


@dataclass
class Topology:
    isolated: bool
    services_ip: str
    hosts: list[Host]

    @classmethod
    def choose(cls) -> Topology:
        if os.geteuid() == 0 and shutil.which("ip") and not os.environ.get("STACK_NO_NETNS"):
            hosts = [
                Host("a", f"{SUBNET}.11", 8000, "campaign-a"),
                Host("b", f"{SUBNET}.12", 8000, "campaign-b"),
            ]
            return cls(True, f"{SUBNET}.1", hosts)
        hosts = [
            Host("a", "127.0.0.1", FRONT_PORT + 11, None),
            Host("b", "127.0.0.1", FRONT_PORT + 12, None),
        ]
        return cls(False, "127.0.0.1", hosts)

    @property
    def front(self) -> str:
        return f"http://127.0.0.1:{FRONT_PORT}"

    def host(self, name: str) -> Host:
        return next(host for host in self.hosts if host.name == name)


@dataclass
class Process:
    name: str
    pid: int
    command: list[str]
    host: str | None = None


@dataclass
class Stack:
    """The running stack: what was started where, and how to start it again."""

    topology: Topology
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    processes: dict[str, Process] = field(default_factory=dict)

    # --- The environment every process of the site reads --------------------------

    def env(self) -> dict[str, str]:
        topo = self.topology
        ip = topo.services_ip
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "DJANGO_SETTINGS_MODULE": "config.settings.stack",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": ",".join(
                {"127.0.0.1", "localhost", ip, *(host.ip for host in topo.hosts)}
            ),
            "BASE_URL": topo.front,
            "SITE_NAME": "Campaign (stack)",
            # PostgreSQL by its socket, which every namespace sees; Redis through the relay.
            "DATABASE_URL": f"postgres://postgres@/{DATABASE}",
            "CONN_MAX_AGE": "60",
            "REDIS_URL": f"redis://{ip}:6379/{REDIS_DB}",
            "CACHE_KEY_PREFIX": "stack",
            "STATIC_ROOT": str(RUN / "static"),
            "EMAIL_FILE_PATH": str(RUN / "mail"),
            "FRONTEND_CACHE_URL": f"http://{ip}:{FRONT_PORT}",
            # Varnish and nginx each add an address to X-Forwarded-For.
            "TRUSTED_PROXY_COUNT": "2",
            "FORWARDED_ALLOW_IPS": ip,
            "WEB_CONCURRENCY": os.environ.get("STACK_WEB_CONCURRENCY", "2"),
            "GUNICORN_THREADS": os.environ.get("STACK_GUNICORN_THREADS", "1"),
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://{ip}:{S3_PORT}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "stack-access-key",
            "AWS_SECRET_ACCESS_KEY": "stack-secret-key",
            "AWS_S3_CUSTOM_DOMAIN": f"127.0.0.1:{FRONT_PORT}/media",
            "AWS_S3_URL_PROTOCOL": "http:",
            "STRIPE_SECRET_KEY": "sk_test_fake_0123456789",
            "STRIPE_WEBHOOK_SECRET": "whsec_fake_0123456789abcdef",
            "STRIPE_API_BASE": f"http://{ip}:{STRIPE_PORT}",
            "STRIPE_MAX_NETWORK_RETRIES": "0",
            "MAILCHIMP_API_KEY": MAILCHIMP_KEY,
            "MAILCHIMP_LIST_ID": "fake-list",
            "MAILCHIMP_API_BASE": f"http://{ip}:{MAILCHIMP_PORT}/3.0",
            "MAILCHIMP_TIMEOUT": "3",
            "HEALTH_STATUS_TOKEN": "stack-health-token",
            # Short leases, so the stack check sees a dead worker's task come back in
            # seconds rather than production's ten minutes.
            "TASK_LEASE_SECONDS": "20",
            "EMAIL_SEND_LEASE_SECONDS": "15",
            "MAILCHIMP_SYNC_LEASE_SECONDS": "15",
            "TASKS_SWEEP_EVERY_SECONDS": "5",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    # --- Processes --------------------------------------------------------------------

    def start(self, name: str, command: list[str], *, host: Host | None = None) -> Process:
        """Start `command` in the background (in `host`'s namespace), logging to var/stack/logs."""
        log = (RUN / "logs" / f"{name}.log").open("ab")
        popen = subprocess.Popen(  # noqa: S603
            _on_host(command, host),
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        process = Process(name, popen.pid, command, host.name if host else None)
        self.processes[name] = process
        self.save()
        return process

    def restart(self, name: str) -> Process:
        """Start a process again as its process manager would after it died."""
        process = self.processes[name]
        host = self.topology.host(process.host) if process.host else None
        return self.start(name, process.command, host=host)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the process and everything it started (its session)."""
        process = self.processes.get(name)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    def alive(self, name: str) -> bool:
        process = self.processes.get(name)
        if process is None:
            return False
        try:
            os.kill(process.pid, 0)
        except ProcessLookupError:
            return False
        # A zombie (exited, not yet reaped) counts as dead.
        with contextlib.suppress(OSError):
            if Path(f"/proc/{process.pid}/stat").read_text().split()[2] == "Z":
                return False
        return True

    def save(self) -> None:
        state = {
            "topology": {
                "isolated": self.topology.isolated,
                "services_ip": self.topology.services_ip,
                "hosts": [vars(host) for host in self.topology.hosts],
            },
            "secret_key": self.secret_key,
            "processes": {name: vars(process) for name, process in self.processes.items()},
        }
        STATE.write_text(json.dumps(state, indent=1))

    @classmethod
    def load(cls) -> Stack | None:
        if not STATE.exists():
            return None
        state = json.loads(STATE.read_text())
        topo = state["topology"]
        topology = Topology(
            topo["isolated"], topo["services_ip"], [Host(**host) for host in topo["hosts"]]
        )
        stack = cls(topology, state["secret_key"])
        stack.processes = {name: Process(**p) for name, p in state["processes"].items()}
        return stack

    def manage(self, *args: str, host: Host | None = None, check: bool = True, **kwargs):
        """Run a management command to completion with the stack's environment."""
        return subprocess.run(  # noqa: S603
            _on_host([PYTHON, "manage.py", *args], host),
            cwd=ROOT,
            env=self.env(),
            check=check,
            capture_output=True,
            text=True,
            **kwargs,
        )


def _on_host(argv: list[str], host: Host | None) -> list[str]:
    """`argv` as run on `host`: inside its network namespace, if it has one."""
    if host is not None and host.namespace:
        return ["ip", "netns", "exec", host.namespace, *argv]
    return argv


# --- Process definitions: deploy/Procfile -------------------------------------------


def procfile() -> dict[str, list[str]]:
    """The Procfile's processes, name -> argv (run with the stack's PATH: .venv/bin first)."""
    entries = {}
    for line in (ROOT / "deploy" / "Procfile").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, command = line.partition(":")
        entries[name.strip()] = shlex.split(command.strip())
    return entries


def _resolve(argv: list[str]) -> list[str]:
    """`python` and `gunicorn` in the Procfile are the project's own."""
    head = shutil.which(argv[0], path=str(VENV_BIN)) or argv[0]
    return [head, *argv[1:]]


# --- The network ---------------------------------------------------------------------


def _ip(*args: str, namespace: str | None = None, check: bool = True) -> None:
    argv = ["ip", *args] if namespace is None else ["ip", "netns", "exec", namespace, "ip", *args]
    subprocess.run(argv, check=check, capture_output=True)  # noqa: S603


def network_up(topology: Topology) -> None:
    if not topology.isolated:
        return
    network_down(topology)
    _ip("link", "add", BRIDGE, "type", "bridge")
    _ip("addr", "add", f"{topology.services_ip}/24", "dev", BRIDGE)
    _ip("link", "set", BRIDGE, "up")
    for host in topology.hosts:
        outside, inside = f"veth-{host.name}0", f"veth-{host.name}1"
        _ip("netns", "add", host.namespace)
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", outside, "master", BRIDGE)
        _ip("link", "set", outside, "up")
        _ip("link", "set", inside, "netns", host.namespace)
        _ip("addr", "add", f"{host.ip}/24", "dev", inside, namespace=host.namespace)
        _ip("link", "set", inside, "up", namespace=host.namespace)
        _ip("link", "set", "lo", "up", namespace=host.namespace)
        _ip("route", "add", "default", "via", topology.services_ip, namespace=host.namespace)


def network_down(topology: Topology) -> None:
    if not topology.isolated:
        return
    for host in topology.hosts:
        _ip("link", "del", f"veth-{host.name}0", check=False)
        _ip("netns", "del", host.namespace, check=False)
    _ip("link", "del", BRIDGE, check=False)


async def _relay(listen: tuple[str, int], target: tuple[str, int]) -> None:
    """Carry TCP connections from `listen` to `target` (Redis listens on 127.0.0.1 only)."""

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(*target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    server = await asyncio.start_server(handle, *listen, backlog=1024)
    async with server:
        await server.serve_forever()


# --- Configuration the stack writes ------------------------------------------------------


def write_nginx_conf(
    run: Path, *, listen: str, upstreams: list[str], media: tuple[str, str] | None = None
) -> Path:
    """nginx's main file for a stack in `run`: the upstream, one server block listening
    on `listen`, and deploy/nginx/proxy.conf inside it (the tests run the same)."""
    servers = "\n".join(
        f"        server {address} max_fails=1 fail_timeout=5s;" for address in upstreams
    )
    temp = run / "nginx"
    user = "user root;\n" if os.geteuid() == 0 else ""
    media_location = ""
    if media is not None:
        endpoint, bucket = media
        media_location = f"""
        location /media/ {{
            proxy_pass http://{endpoint}/{bucket}/;
            proxy_set_header Host {endpoint};
            add_header Cache-Control "public, max-age=31536000";
        }}"""
    conf = f"""# Written by deploy/stack.py; the site's behaviour is deploy/nginx/proxy.conf.
{user}worker_processes 2;
daemon off;
pid {run}/nginx.pid;
error_log {run}/logs/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml;
    server_tokens off;
    log_format stack '$remote_addr "$request" $status $upstream_addr $request_time';
    access_log {run}/logs/nginx-access.log stack;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream campaign_app {{
{servers}
        keepalive 32;
    }}
    server {{
        listen {listen};
        server_name _;
        set $campaign_root {run};
        include {ROOT}/deploy/nginx/proxy.conf;{media_location}
    }}
}}
"""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / sub).mkdir(parents=True, exist_ok=True)
    (run / "logs").mkdir(parents=True, exist_ok=True)
    path = run / "nginx.conf"
    path.write_text(conf)
    return path


def write_site_vcl(run: Path, *, backend: str, purgers: list[str]) -> Path:
    """The site.vcl default.vcl includes: the backend (nginx, probed on its own health
    address) and the addresses that may PURGE. Returns the folder to put on vcl_path."""
    host, port = backend.rsplit(":", 1)
    allowed = "\n".join(f'    "{address}";' for address in purgers)
    folder = run / "varnish"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.vcl").write_text(
        f"""# Written by deploy/stack.py: nginx, and the app hosts that may PURGE.
backend default {{
    .host = "{host}";
    .port = "{port}";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {{
        .url = "/healthz/proxy";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }}
}}
acl purgers {{
{allowed}
}}
"""
    )
    return folder


def varnish_command(run: Path, *, listen: list[str], vcl_folder: Path) -> list[str]:
    return [
        "varnishd",
        "-F",
        "-j",
        "none",
        "-n",
        str(run / "varnish" / "work"),
        *(arg for address in listen for arg in ("-a", address)),
        "-f",
        str(ROOT / "deploy" / "varnish" / "default.vcl"),
        "-p",
        f"vcl_path={vcl_folder}:{ROOT / 'deploy' / 'varnish'}",
        "-s",
        "malloc,128m",
    ]


# --- Waiting ------------------------------------------------------------------------------


def wait_for_http(url: str, timeout: float = 60, stack: Stack | None = None, name: str = ""):
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if stack is not None and name and not stack.alive(name):
            raise SystemExit(f"{name} stopped while starting: see var/stack/logs/{name}.log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status < 500:
                    return
        except OSError as error:
            last = str(error)
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s ({last})")


def wait_for_port(host: str, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.2)
    raise SystemExit(f"nothing listens on {host}:{port} after {timeout:.0f} s")


# --- Up and down -----------------------------------------------------------------------------


def _say(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", user="postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def fresh_redis() -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=int(REDIS_DB)).flushdb()


def create_bucket(topology: Topology) -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=f"http://{topology.services_ip}:{S3_PORT}",
        region_name="us-east-1",
        aws_access_key_id="stack-access-key",
        aws_secret_access_key="stack-secret-key",  # noqa: S106
    )
    client.create_bucket(Bucket=BUCKET)
    # Public media, as in production: anyone may read, only the site writes.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))


def require_tools() -> None:
    missing = [tool for tool in ("nginx", "varnishd") if not shutil.which(tool)]
    if missing:
        raise SystemExit(
            f"{' and '.join(missing)} not installed: `make stack` installs them as root "
            "(apt-get install nginx varnish)."
        )


def up(*, demo: bool = True) -> Stack:
    require_tools()
    down(quiet=True)
    if RUN.exists():
        shutil.rmtree(RUN)
    for sub in ("logs", "mail"):
        (RUN / sub).mkdir(parents=True, exist_ok=True)
    topology = Topology.choose()
    stack = Stack(topology)
    stack.save()
    ip = topology.services_ip
    started = time.monotonic()
    _say(
        "app hosts in network namespaces "
        + ", ".join(f"{h.namespace} ({h.address})" for h in topology.hosts)
        if topology.isolated
        else "app hosts on 127.0.0.1 (no network namespaces without root)"
    )
    network_up(topology)
    fresh_database()
    fresh_redis()

    # Services the hosts reach over the network.
    if topology.isolated:
        stack.start(
            "redis-relay",
            [PYTHON, str(Path(__file__)), "relay", f"{ip}:6379", "127.0.0.1:6379"],
        )
    stack.start("s3", [str(VENV_BIN / "moto_server"), "-H", ip, "-p", str(S3_PORT)])
    stack.start(
        "mailchimp",
        [PYTHON, "-m", "tests.fakes.mailchimp", "--host", ip, "--port", str(MAILCHIMP_PORT)],
    )
    stack.start(
        "stripe", [PYTHON, "-m", "tests.fakes.stripe", "--host", ip, "--port", str(STRIPE_PORT)]
    )
    for port in (S3_PORT, MAILCHIMP_PORT, STRIPE_PORT) + ((6379,) if topology.isolated else ()):
        wait_for_port(ip, port)
    create_bucket(topology)

    # The release step, once, as a deployment runs it.
    processes = procfile()
    _say("release: " + " ".join(processes["release"]))
    release = subprocess.run(  # noqa: S603
        ["sh", "-c", " ".join(processes["release"])],
        cwd=ROOT,
        env=stack.env(),
        capture_output=True,
        text=True,
    )
    (RUN / "logs" / "release.log").write_text(release.stdout + release.stderr)
    if release.returncode:
        raise SystemExit(f"the release step failed:\n{release.stdout}\n{release.stderr}")
    if demo:
        _say("loading the demo content (images go to the S3 fake)")
        stack.manage("load_demo_content", "--if-empty")

    # The Procfile's processes: web on both hosts; workers on host A, the scheduler on B.
    host_a, host_b = topology.host("a"), topology.host("b")
    for host in topology.hosts:
        stack.start(f"web-{host.name}", _with_bind(processes["web"], host), host=host)
    for name, command in processes.items():
        if name.startswith("worker-"):
            stack.start(f"{name}-a", _resolve(command), host=host_a)
    # A second email worker on host B: confirmations are the queue a crowd fills, and
    # two workers on two hosts share it safely.
    stack.start("worker-emails-b", _resolve(processes["worker-emails"]), host=host_b)
    if "scheduler" in processes:
        stack.start("scheduler-b", _resolve(processes["scheduler"]), host=host_b)

    nginx_conf = write_nginx_conf(
        RUN,
        listen=f"127.0.0.1:{NGINX_PORT}",
        upstreams=[host.address for host in topology.hosts],
        media=(f"{ip}:{S3_PORT}", BUCKET),
    )
    stack.start("nginx", ["nginx", "-c", str(nginx_conf)])
    vcl_folder = write_site_vcl(
        RUN, backend=f"127.0.0.1:{NGINX_PORT}", purgers=[host.ip for host in topology.hosts]
    )
    listen = [f"127.0.0.1:{FRONT_PORT}"] + ([f"{ip}:{FRONT_PORT}"] if ip != "127.0.0.1" else [])
    stack.start("varnish", varnish_command(RUN, listen=listen, vcl_folder=vcl_folder))
    for host in topology.hosts:
        wait_for_http(f"http://{host.address}/healthz/", stack=stack, name=f"web-{host.name}")
    wait_for_http(f"{topology.front}/healthz/", stack=stack, name="varnish")
    _say(f"up in {time.monotonic() - started:.0f} s")
    return stack


def _with_bind(command: list[str], host: Host) -> list[str]:
    return [
        *_resolve(command),
        "--bind",
        host.address,
        "--name",
        f"campaign-web-{host.name}",
        "--access-logfile",
        str(RUN / "logs" / f"web-{host.name}-access.log"),
    ]


def down(*, quiet: bool = False) -> None:
    stack = Stack.load()
    if stack is None:
        if not quiet:
            _say("not running")
        return
    for name in reversed(list(stack.processes)):
        stack.kill(name, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(stack.alive(n) for n in stack.processes):
        time.sleep(0.2)
    for name in stack.processes:
        stack.kill(name, signal.SIGKILL)
    network_down(stack.topology)
    STATE.unlink(missing_ok=True)
    if not quiet:
        _say("stopped")


def announce(stack: Stack) -> None:
    front = stack.topology.front
    print(
        f"""
The stack is up at {front}/  (Varnish -> nginx http://127.0.0.1:{NGINX_PORT}/ -> """
        + ", ".join(f"host {h.name} http://{h.address}/" for h in stack.topology.hosts)
        + f""")
Processes and logs: var/stack/logs/; emails: var/stack/mail/; status:
  curl -H 'Authorization: Bearer stack-health-token' {front}/healthz/status/
An editor for {front}/admin/: make stack-editor (prints the email, password and code).
Stop it with: make stack-stop
"""
    )


def editor(stack: Stack) -> None:
    """A superuser with an authenticator for the stack's admin (production settings
    ask for two-factor), printed with its password, secret and the code now."""
    sys.path[:0] = [str(ROOT / "deploy"), str(ROOT)]
    import stack_check

    stack_check.setup_django(stack)
    ctx = stack_check.Context(stack)
    stack_check.prepare(ctx)
    print(
        f"Sign in at {stack.topology.front}/admin/ as {ctx.editor_email}\n"
        f"  password: {stack_check.PASSWORD}\n"
        f"  authenticator secret: {ctx.totp_secret} (code now: "
        f"{stack_check.totp_code(ctx.totp_secret)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start the stack and leave it running")
    sub.add_parser("down", help="stop the stack")
    check = sub.add_parser("check", help="start it, run the checks, stop it")
    check.add_argument(
        "--running", action="store_true", help="check the stack `up` started, and leave it up"
    )
    sub.add_parser("editor", help="make an editor for the running stack's admin, and print how")
    relay = sub.add_parser("relay", help="(internal) relay TCP from LISTEN to TARGET")
    relay.add_argument("listen")
    relay.add_argument("target")
    args = parser.parse_args()
    if args.command == "relay":
        lhost, lport = args.listen.rsplit(":", 1)
        thost, tport = args.target.rsplit(":", 1)
        asyncio.run(_relay((lhost, int(lport)), (thost, int(tport))))
    elif args.command == "up":
        announce(up())
    elif args.command == "down":
        down()
    elif args.command == "editor":
        stack = Stack.load()
        if stack is None:
            raise SystemExit("the stack is not running: make stack")
        editor(stack)
    elif args.command == "check":
        sys.path.insert(0, str(ROOT / "deploy"))
        import stack_check

        if args.running:
            stack = Stack.load()
            if stack is None:
                raise SystemExit("the stack is not running: make stack")
            sys.exit(stack_check.run(stack))
        try:
            stack = up()
            code = stack_check.run(stack)
        finally:
            down()
        sys.exit(code)


if __name__ == "__main__":
    main()
