"""The public keyword search's bigram index over `disclosure_publication.search_grams`
(zhifa.portal.search): on SQLite an FTS5 external-content table with triggers, on PostgreSQL a GIN
index over string_to_array. The disclosure app owns the table; this app owns its public search index,
so the index is created here, on that table (RunPython, reversible)."""

from django.db import migrations

from zhifa.portal.search import install_publication_search, uninstall_publication_search


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install_publication_search, uninstall_publication_search),
    ]
