# One image for web, worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# pg_dump/pg_restore for `manage.py backup` and `restore`; they must be at least as new as
# the database server (PostgreSQL 16 in docker-compose.yml).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 app && mkdir -p /data/media && chown app /data/media
COPY pyproject.toml README.md ./
COPY workshop ./workshop
COPY people ./people
COPY submissions ./submissions
COPY reviews ./reviews
COPY schedule ./schedule
COPY demo ./demo
RUN pip install .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY locale ./locale
# The code runs from /app; compile it once here, since the image never writes bytecode
# (the PDF checker starts a fresh interpreter per upload and would recompile every time).
RUN python -m compileall -q workshop people submissions reviews schedule demo && chown -R app /app
USER app

EXPOSE 8000
CMD ["gunicorn", "workshop.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
