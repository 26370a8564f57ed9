"""gunicorn for the web processes: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

gunicorn never faces clients: nginx in front buffers whole requests and responses
(deploy/nginx/), so a slow client ties up an nginx connection, never a worker, and
the workers can be sync or threaded. Everything an operator sizes comes from the
environment (README, "Deploying").
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Where nginx reaches this host ("10.0.0.11:8000"); PORT for platforms that set it.
bind = [os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]

# Processes, and threads in each: one process per core plus one keeps the CPU busy while
# another waits on PostgreSQL. Threads (gthread) help where requests mostly wait; each
# thread holds its own PostgreSQL connection (CONN_MAX_AGE), so connections per host are
# workers x threads.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is a bug or a hung dependency: the worker is
# killed and replaced. nginx gives up first (proxy_read_timeout) and answers 504.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps idle connections to the app open (upstream keepalive); a little longer here
# than there, so nginx is never the one to find a connection closed under it.
keepalive = _int("GUNICORN_KEEPALIVE", 75)

# Recycle each worker after a number of requests, plus a random extra of up to half as
# many again, so that workers which share the load evenly do not all restart together:
# whatever a worker slowly accumulates is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1000)

# Import the site once in the master and fork workers from it: a recycled or replaced
# worker serves at once instead of spending seconds importing Django and Wagtail while
# its share of the requests waits (seen on a loaded host: 10 s queues). No connection is
# opened at import, so nothing is shared between workers. New code needs a restart, not
# a reload (README, "Releasing").
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in ("0", "false", "no")

# Trust X-Forwarded-Proto and -For only from our proxy (nginx). Django decides HTTPS from
# SECURE_PROXY_SSL_HEADER and the visitor's address from TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Headers are read by nginx first; these only bound what reaches us.
limit_request_line = 8190
limit_request_fields = 100

# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# No control socket: it lives in the home folder, which two instances on one machine
# (or one in a read-only home) would share; processes are managed by signals.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%({x-forwarded-for}i)s"'
proc_name = os.environ.get("GUNICORN_PROC_NAME", "campaign-web")
