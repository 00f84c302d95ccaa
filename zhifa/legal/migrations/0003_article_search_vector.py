# PostgreSQL only: store the article's token vector in a generated column and index that, instead
# of a GIN expression index. Without table statistics (right after a bulk import) the planner may
# choose a sequential scan, which then had to rebuild every article's tsvector (≈90 ms for 2,600
# articles); with the stored column a sequential scan costs a few milliseconds and the GIN index
# serves the selective queries. The column is invisible to Django: PostgreSQL computes it from
# search_text on every insert/update. SQLite keeps its FTS5 table (0001_laws).
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS legal_article_search_gin")
    schema_editor.execute(
        "ALTER TABLE legal_article ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(search_text, ' '))) STORED"
    )
    schema_editor.execute("CREATE INDEX legal_article_search_gin ON legal_article USING gin (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS legal_article_search_gin")
    schema_editor.execute("ALTER TABLE legal_article DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX legal_article_search_gin ON legal_article "
        "USING gin (array_to_tsvector(string_to_array(search_text, ' ')))"
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_powers_discretion")]

    operations = [migrations.RunPython(forwards, backwards)]
