from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from zhifa.disclosure.seed import seed_config

    seed_config(apps)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_lifecycle_config")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
