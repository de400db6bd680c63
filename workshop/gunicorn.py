"""gunicorn settings (`gunicorn --config python:workshop.gunicorn workshop.wsgi`); the command
line and GUNICORN_CMD_ARGS override them. Threads let a worker take the next upload while
another waits on the PDF check's child process or the database."""

import os

workers = int(os.environ.get("WEB_WORKERS", "4"))
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread"
# Requests the load balancer keeps open between uploads; a slow upload is bounded by timeout.
keepalive = 5
timeout = 60
graceful_timeout = 30
# Heartbeat files in memory, not on a (possibly slow, container) disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    """Start the PDF checker's children now, not on the first upload."""
    from submissions.pdfcheck.isolation import checker_pool

    checker_pool()
