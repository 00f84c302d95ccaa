from django.db import migrations, models

# PostgreSQL estimates `LIKE '%term%'` from the column's histogram; with the default 100 entries a
# term found in 0.1 % of a million cases is estimated at 1 %, and the 本人 case list then walks the
# whole primary key backwards expecting 21 hits early (0.9 s, bench cases). 1,000 entries give
# estimates close to the truth (worst input 0.86 s → 0.1 s). SQLite keeps no statistics.
KEYWORD_COLUMNS = ("party_name", "cause", "number")


def _statistics(target: int):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name("cases_case")
        columns = ", ".join(
            f"ALTER COLUMN {schema_editor.quote_name(c)} SET STATISTICS {target}" for c in KEYWORD_COLUMNS
        )
        schema_editor.execute(f"ALTER TABLE {table} {columns}")

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_execution_dates"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["organisation", "-id", "party_name", "cause", "number"], name="case_org_list_idx"
            ),
        ),
        migrations.RunPython(_statistics(1000), _statistics(-1)),
    ]
