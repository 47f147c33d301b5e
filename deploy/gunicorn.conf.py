"""Gunicorn settings for Pacer: ``gunicorn -c deploy/gunicorn.conf.py pacer.wsgi``.

Every value can be changed from the environment:
- ``PACER_BIND``: address to listen on (default ``127.0.0.1:8000``, behind the reverse proxy);
- ``PACER_WORKERS``: worker processes (default 2 × CPU cores + 1);
- ``PACER_THREADS``: threads per worker (default 1);
- ``PACER_TIMEOUT``: seconds a request may take before its worker is restarted (default 120:
  a large Excel import is parsed within the request);
- ``PACER_ACCESS_LOG`` / ``PACER_ERROR_LOG``: file paths, ``-`` for standard output (default).
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


wsgi_app = "pacer.wsgi:application"
bind = os.environ.get("PACER_BIND", "127.0.0.1:8000")
workers = _int("PACER_WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = _int("PACER_THREADS", 1)
timeout = _int("PACER_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
# Load Django once in the master: workers start faster and share memory; a bad setting
# stops the start-up instead of every worker failing one by one.
preload_app = True
# A worker is replaced after this many requests, so slow leaks never pile up.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("PACER_ACCESS_LOG", "-")
errorlog = os.environ.get("PACER_ERROR_LOG", "-")
loglevel = os.environ.get("PACER_LOG_LEVEL", "info").lower()
# Client address as forwarded by the proxy, request, status, size, duration in microseconds.
access_log_format = '%({x-forwarded-for}i)s %(h)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
# X-Forwarded-* headers are trusted from the local proxy only.
forwarded_allow_ips = os.environ.get("PACER_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "pacer"
