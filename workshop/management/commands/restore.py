"""`python manage.py restore SRC`: a backup made by `backup`, into the configured database
and MEDIA_ROOT, which must both be empty; every row count and SHA-256 is checked."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshop import backups


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and an empty MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("src", type=Path, help="a folder written by `manage.py backup`")

    def handle(self, *args, src: Path, **options):
        try:
            summary = backups.restore(src)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.tables} tables ({summary.rows} rows) and {summary.files} "
                "files; every row count and SHA-256 matches the manifest."
            )
        )
