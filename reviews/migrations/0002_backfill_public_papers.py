"""Papers whose decisions were sent before submissions recorded it: when their authors were
told and, for accepted ones, their public address (as submissions.publication gives it)."""

import unicodedata

from django.db import migrations
from django.db.models import Min
from django.utils.text import slugify

ACCEPTED = ("accepted_oral", "accepted_spotlight", "accepted_poster")


def _slug(title, taken):
    words = slugify(unicodedata.normalize("NFKD", title)).split("-")
    base = ""
    for word in words[:8]:
        if len(base) + len(word) + 1 > 72:
            break
        base = f"{base}-{word}" if base else word
    base = base or "paper"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def backfill(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    DecisionNotice = apps.get_model("reviews", "DecisionNotice")
    told = dict(
        DecisionNotice.objects.values("submission_id")
        .annotate(first=Min("sent_at"))
        .values_list("submission_id", "first")
    )
    taken = {}
    for paper in Submission.objects.filter(
        pk__in=told, decision_sent_at__isnull=True
    ).order_by("workshop_id", "number"):
        paper.decision_sent_at = told[paper.pk]
        if paper.status in ACCEPTED and not paper.public_slug:
            if paper.workshop_id not in taken:
                taken[paper.workshop_id] = set(
                    Submission.objects.filter(workshop_id=paper.workshop_id)
                    .exclude(public_slug="")
                    .values_list("public_slug", flat=True)
                )
            paper.public_slug = _slug(paper.title, taken[paper.workshop_id])
        paper.save(update_fields=["decision_sent_at", "public_slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("submissions", "0002_public_papers"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
