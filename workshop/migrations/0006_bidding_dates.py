"""Bidding dates: reviewers may bid between them (and only while bidding is ticked)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workshop", "0005_audit_trail"),
    ]

    operations = [
        migrations.AddField(
            model_name="workshop",
            name="bidding_closes_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bidding closes"),
        ),
        migrations.AddField(
            model_name="workshop",
            name="bidding_opens_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bidding opens"),
        ),
        migrations.AlterField(
            model_name="workshop",
            name="bidding_open",
            field=models.BooleanField(
                default=False,
                help_text="Reviewers may bid on papers: between the two dates below when they are given, else as long as this is ticked.",
            ),
        ),
        migrations.AddConstraint(
            model_name="workshop",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("bidding_opens_at__isnull", True),
                    ("bidding_closes_at__isnull", True),
                    ("bidding_closes_at__gt", models.F("bidding_opens_at")),
                    _connector="OR",
                ),
                name="workshop_bidding_closes_after_opening",
            ),
        ),
    ]
