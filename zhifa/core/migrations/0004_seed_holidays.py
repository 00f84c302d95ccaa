"""Seed the holiday table 2004–2026 from chinesecalendar (same code as `manage.py seed_holidays`)."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhifa.core.calendar_seed import seed_holidays

    seed_holidays(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_append_only_trigger")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop, elidable=False)]
