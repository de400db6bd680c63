"""Backups of the database and the uploaded papers, and their restore, checked end to end.

A backup is a folder with three files:
- `database.dump`: `pg_dump --format=custom` of the database;
- `media.tar`: every file under MEDIA_ROOT;
- `manifest.json`: the SHA-256 of both, the SHA-256 of every media file, and the row count
  of every table — counted in the very snapshot pg_dump reads (`pg_export_snapshot`), so
  the counts are exact even while the site runs.
The database is dumped before the media are read: papers are written before their rows
commit and are never deleted, so every file a dumped row names is in the tar.

A restore checks both files against the manifest before it writes anything, goes only into
an empty database and an empty media folder, and after restoring compares every row count
and every file's SHA-256 with the manifest.
"""

import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

MANIFEST, DUMP, MEDIA = "manifest.json", "database.dump", "media.tar"
FORMAT = 1


class BackupError(Exception):
    """A sentence that says what is wrong; nothing was restored (or the backup is void)."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    if connection.vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…).")
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def back_up(dest: Path) -> Summary:
    """Write a backup folder at `dest` (new, or empty)."""
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty; back up into a new folder.")
    env = _pg_env()
    dest.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = _row_counts()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={dest / DUMP}",
            ],
            env,
        )
    root = Path(settings.MEDIA_ROOT)
    files = {}
    with tarfile.open(dest / MEDIA, "w") as tar:
        for path in _media_files(root):
            name = path.relative_to(root).as_posix()
            files[name] = sha256_of(path)
            tar.add(path, arcname=name, recursive=False)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"file": DUMP, "sha256": sha256_of(dest / DUMP), "tables": counts},
        "media": {"file": MEDIA, "sha256": sha256_of(dest / MEDIA), "files": files},
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return Summary(tables=len(counts), rows=sum(counts.values()), files=len(files))


def _read_manifest(src: Path) -> dict:
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{src} has no {MANIFEST}; it is not a backup.") from None
    except ValueError:
        raise BackupError(f"{src / MANIFEST} is damaged (not JSON).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{src / MANIFEST} is of an unknown format.")
    for part in ("database", "media"):
        path = src / manifest[part]["file"]
        if not path.is_file() or sha256_of(path) != manifest[part]["sha256"]:
            raise BackupError(
                f"The backup is damaged: {path.name} does not match its SHA-256 in "
                f"{MANIFEST}; nothing was restored."
            )
    return manifest


def _ensure_empty_target(root: Path) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The database “{connection.settings_dict['NAME']}” is not empty "
            f"({len(tables)} tables); restore only into a new, empty database."
        )
    if _media_files(root):
        raise BackupError(f"The media folder {root} is not empty; restore into an empty one.")


def _check_members(tar: tarfile.TarFile, expected: dict[str, str]) -> None:
    names = set()
    for member in tar.getmembers():
        if not member.isfile():
            raise BackupError(f"{MEDIA} holds “{member.name}”, which is not a file.")
        names.add(member.name)
    if names != set(expected):
        raise BackupError(f"{MEDIA} does not hold the files its manifest lists.")


def restore(src: Path) -> Summary:
    """Restore the backup at `src` into the (empty) configured database and MEDIA_ROOT."""
    manifest = _read_manifest(src)
    env = _pg_env()
    root = Path(settings.MEDIA_ROOT)
    _ensure_empty_target(root)
    expected_files = manifest["media"]["files"]
    with tarfile.open(src / MEDIA) as tar:
        _check_members(tar, expected_files)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(src / DUMP),
            ],
            env,
        )
        root.mkdir(parents=True, exist_ok=True)
        tar.extractall(root, filter="data")
    wrong = [name for name, sha in expected_files.items() if sha256_of(root / name) != sha]
    if wrong:
        raise BackupError(f"{len(wrong)} restored file(s) differ from the manifest: {wrong[:5]}")
    counts = _row_counts()
    if counts != manifest["database"]["tables"]:
        differ = sorted(
            t for t in set(counts) | set(manifest["database"]["tables"])
            if counts.get(t) != manifest["database"]["tables"].get(t)
        )
        raise BackupError(f"Restored row counts differ from the manifest in: {differ[:10]}")
    return Summary(tables=len(counts), rows=sum(counts.values()), files=len(expected_files))
