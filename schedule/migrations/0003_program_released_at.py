"""Workshops released before the field existed: their first release's time."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def backfill(apps, schema_editor):
    Workshop = apps.get_model("workshop", "Workshop")
    ScheduleRelease = apps.get_model("schedule", "ScheduleRelease")
    first = (
        ScheduleRelease.objects.filter(workshop=OuterRef("pk"))
        .values("workshop")
        .annotate(first=Min("released_at"))
        .values("first")
    )
    Workshop.objects.filter(program_released_at__isnull=True).update(
        program_released_at=Subquery(first)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("schedule", "0002_speaker_bio"),
        ("workshop", "0004_program_dates"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
