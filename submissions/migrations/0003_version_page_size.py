"""The page size the check found, shown to the author with the rest of its report."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0002_public_papers"),
    ]

    operations = [
        migrations.AddField(
            model_name="paperversion",
            name="page_size",
            field=models.CharField(
                blank=True,
                help_text="As the check found it: US Letter, A4 or both.",
                max_length=100,
            ),
        ),
    ]
