"""The signing clients of bench/petitions.py: threads posting the petition form over
http.client, each answer timed, and the CPU the server's processes spend meanwhile.

Each phase (`run_load`, `run_duplicates`, `run_rejected`, `run_one_network`) returns
the answers the clients got; bench/petitions.py checks them against the stored rows.
Addresses carry RUN (the time the bench started) so that two runs never collide.
"""

from __future__ import annotations

import datetime
import http.client
import itertools
import json
import os
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

RUN = datetime.datetime.now().strftime("%H%M%S")


@dataclass
class Answer:
    phase: str
    email: str
    started: float
    seconds: float
    status: int | str
    location: str = ""


@dataclass
class Client:
    number: int
    host: str
    port: int
    petition_id: int
    connection: http.client.HTTPConnection = field(init=False)
    cookie: str = ""
    token: str = ""
    address_seq: itertools.count = field(default_factory=itertools.count)

    def __post_init__(self):
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def next_address(self) -> str:
        n = next(self.address_seq)
        return f"10.{self.number % 256}.{(n // 250) % 256}.{n % 250 + 1}"

    def fetch_token(self) -> None:
        self.connection.request(
            "GET",
            "/csrf-token/",
            headers={"Host": self.host, "X-Forwarded-For": self.next_address()},
        )
        response = self.connection.getresponse()
        body = response.read()
        self.token = json.loads(body)["token"]
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.cookie = value.split(";", 1)[0]
        if not self.cookie:
            raise SystemExit("GET /csrf-token/ set no csrftoken cookie")

    def post(
        self, phase: str, email: str, *, consent=True, honeypot=False, address: str = ""
    ) -> Answer:
        fields = {
            "csrfmiddlewaretoken": self.token,
            "name": f"Bench Signer {self.number}",
            "email": email,
            "country": "GB",
            "postcode": "SW1A 1AA",
        }
        if consent:
            fields["consent"] = "on"
        if honeypot:
            fields["website"] = "http://spam.example/"
        body = urllib.parse.urlencode(fields)
        headers = {
            "Host": self.host,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": self.cookie,
            "X-Forwarded-For": address or self.next_address(),
        }
        path = f"/petitions/{self.petition_id}/sign/"
        started = time.perf_counter()
        try:
            self.connection.request("POST", path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
            status, location = response.status, response.getheader("Location", "")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            status, location = type(error).__name__, ""
        return Answer(phase, email, started, time.perf_counter() - started, status, location)


def accepted(answer: Answer) -> bool:
    return answer.status == 302 and "/check-email/" in answer.location


def percentile(values: list[float], percent: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def cpu_busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class ServerCPU:
    """CPU used by the gunicorn workers and their PostgreSQL backends (not Redis, not
    the client, not whatever else runs on the machine): a cost per request that the
    other load on a shared machine does not change much, unlike requests/s."""

    def __init__(self, master_pid: int, database_url: str):
        self.master_pid = master_pid
        self.database_url = database_url

    def pids(self) -> list[int]:
        import psycopg

        workers = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
                if ppid == self.master_pid:
                    workers.append(int(entry))
        name = self.database_url.rsplit("/", 1)[1]
        with psycopg.connect(self.database_url) as db:
            backends = db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchall()
        return workers + [pid for (pid,) in backends]

    def snapshot(self) -> dict[int, float]:
        return {pid: process_cpu(pid) for pid in self.pids()}

    def since(self, before: dict[int, float]) -> float:
        after = self.snapshot()
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def run_load(clients: list[Client], args) -> tuple[list[Answer], float, float, float]:
    """Every client signs unique addresses until the deadline (or the shared total)."""
    answers: list[list[Answer]] = [[] for _ in clients]
    total = itertools.count()
    barrier = threading.Barrier(len(clients) + 1)
    window: dict[str, float] = {}

    def work(index: int, client: Client) -> None:
        n = itertools.count()
        barrier.wait()
        start = window["start"]
        while True:
            if args.signatures:
                if next(total) >= args.signatures:
                    break
            elif time.perf_counter() - start >= args.duration:
                break
            k = next(n)
            # Spread over many domains, none of which reaches the per-domain flood flag.
            email = f"s{k}.c{client.number}.r{RUN}@d{k % 97}.c{client.number}.bench.example"
            answers[index].append(client.post("load", email))

    threads = [
        threading.Thread(target=work, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    busy0, total0 = cpu_busy()
    cpu0 = time.process_time()
    window["start"] = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - window["start"]
    client_cpu = time.process_time() - cpu0
    busy1, total1 = cpu_busy()
    machine_busy = (busy1 - busy0) / max(1, total1 - total0)
    flat = [a for per_client in answers for a in per_client]
    for a in flat:
        a.started -= window["start"]
    return flat, elapsed, client_cpu, machine_busy


def run_duplicates(clients: list[Client], rounds: int) -> list[Answer]:
    """All clients post the same address at once, `rounds` times (one address each)."""
    answers: list[Answer] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(clients))

    def work(client: Client) -> None:
        for r in range(rounds):
            email = f"dup{r}.r{RUN}@dup.bench.example"
            barrier.wait()
            answer = client.post("duplicate", email)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def run_rejected(clients: list[Client]) -> list[Answer]:
    answers = []
    for client in clients:
        n = client.number
        answers.append(
            client.post("no-consent", f"noconsent.c{n}.r{RUN}@rej.bench.example", consent=False)
        )
        answers.append(
            client.post("honeypot", f"honeypot.c{n}.r{RUN}@rej.bench.example", honeypot=True)
        )
    return answers


NETWORK_ADDRESS = "192.0.2.200"  # every busy-network signer comes from here


def run_one_network(clients: list[Client], signers: int) -> list[Answer]:
    """Every client signs unique addresses from one internet address, `signers` in all."""
    answers: list[Answer] = []
    lock = threading.Lock()
    total = itertools.count()

    def work(client: Client) -> None:
        while (n := next(total)) < signers:
            email = f"nurse{n}.r{RUN}@hospital{n % 7}.bench.example"
            answer = client.post("network", email, address=NETWORK_ADDRESS)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
