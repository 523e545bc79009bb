import importlib

from django.db import migrations, models

# SQLite adds a NOT NULL column by rebuilding the table, which its consent triggers (0002) refer to: they are
# dropped around the rebuild and made again. PostgreSQL adds the column in place and keeps its triggers.
_triggers = importlib.import_module("werkbedrijf.candidates.migrations.0002_shared_in_region")


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0002_shared_in_region"),
    ]

    operations = [
        migrations.RunPython(_run(_triggers.SQLITE_DROP), _run(_triggers.SQLITE_CREATE)),
        migrations.AddField(
            model_name="candidate",
            name="gender",
            field=models.CharField(
                blank=True,
                choices=[("female", "Female"), ("male", "Male"), ("other", "Other"), ("", "Not recorded")],
                default="",
                help_text="Only for reports on equal chances per group; never used in matching.",
                max_length=6,
                verbose_name="gender",
            ),
        ),
        migrations.RunPython(_run(_triggers.SQLITE_CREATE), _run(_triggers.SQLITE_DROP)),
    ]
