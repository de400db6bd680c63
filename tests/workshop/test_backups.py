"""Backups on PostgreSQL: the demo is backed up, restored by `manage.py restore` (in a new
process, as an operator runs it) into a new, empty database and an empty media folder, and
every table's row count and every stored PDF's SHA-256 are found intact. A damaged backup
or a target that is not empty is refused with a sentence, and nothing is restored."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from submissions.models import PaperVersion

from ..conftest import need
from ..services import postgres_url

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]


def _server(dbname: str = "postgres"):
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=dbname,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )


def row_counts(dbname: str) -> dict[str, int]:
    with _server(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        counts = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


@pytest.fixture
def empty_database(postgres_required):
    need(shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump and pg_restore")
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = _server()
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def restore(src: Path, dbname: str, media: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": postgres_url({**connection.settings_dict, "NAME": dbname}),
        "MEDIA_ROOT": str(media),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(src)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_demo_survives_backup_and_restore(settings, tmp_path, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("loaddemo", stdout=StringIO())
    counts = row_counts(connection.settings_dict["NAME"])
    # The hash of the file as stored (an anonymised copy may differ from the upload).
    pdfs = list(PaperVersion.objects.values_list("file", "stored_sha256"))
    assert len(pdfs) >= 30 and sum(counts.values()) > 1000

    backup = tmp_path / "backup"
    out = StringIO()
    call_command("backup", str(backup), stdout=out)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["tables"] == counts
    assert dict(pdfs).items() <= manifest["media"]["files"].items()
    assert f"Backed up {len(counts)} tables ({sum(counts.values())} rows)" in out.getvalue()
    with pytest.raises(CommandError, match="is not empty; back up into a new folder"):
        call_command("backup", str(backup), stdout=StringIO())

    # A damaged copy is refused before anything is written.
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    tar = bytearray((damaged / "media.tar").read_bytes())
    tar[len(tar) // 2] ^= 0xFF
    (damaged / "media.tar").write_bytes(bytes(tar))
    restored_media = tmp_path / "restored-media"
    refused = restore(damaged, empty_database, restored_media)
    assert refused.returncode != 0
    assert "The backup is damaged: media.tar does not match its SHA-256" in refused.stderr
    assert row_counts(empty_database) == {} and not restored_media.exists()

    result = restore(backup, empty_database, restored_media)
    assert result.returncode == 0, result.stderr
    assert "every row count and SHA-256 matches the manifest" in result.stdout
    # Checked here again, independently of the command's own check.
    assert row_counts(empty_database) == counts
    for name, sha in pdfs:
        assert hashlib.sha256((restored_media / name).read_bytes()).hexdigest() == sha, name

    # Restoring over data is refused.
    again = restore(backup, empty_database, tmp_path / "other-media")
    assert again.returncode != 0 and "is not empty" in again.stderr
    assert row_counts(empty_database) == counts
