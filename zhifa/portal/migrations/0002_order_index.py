"""The public lists' order as an index on the disclosure app's table: (state, decided_on DESC, id
DESC) — the walk of a common search term and the list without one read the newest decisions first,
and a decision-date range seeks into it (zhifa.portal.search)."""

from django.db import migrations

from zhifa.portal.search import install_order_index, uninstall_order_index


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_publication_search"),
        ("disclosure", "0003_seed_config"),
    ]

    operations = [
        migrations.RunPython(install_order_index, uninstall_order_index),
    ]
