from django.db import migrations, models


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
    ]
