"""`python manage.py backup DEST`: the database (pg_dump, custom format), the uploaded
papers (a tar of MEDIA_ROOT) and a manifest of SHA-256s and row counts, in the folder DEST."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshop import backups


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new folder, with a checked manifest."

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path, help="a new (or empty) folder for the backup")

    def handle(self, *args, dest: Path, **options):
        try:
            summary = backups.back_up(dest)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.tables} tables ({summary.rows} rows) and "
                f"{summary.files} files to {dest}."
            )
        )
