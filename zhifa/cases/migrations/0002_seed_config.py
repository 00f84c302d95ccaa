from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from zhifa.cases.models.config import seed_config

    seed_config(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
