from django.db import migrations

# 市场监督管理行政处罚程序规定（2018年市场监管总局令第2号，2021、2022年修正）第十八条：
# 市场监督管理部门对依据监督检查职权或者通过投诉、举报等途径发现的违法线索，应当自发现线索或者
# 收到材料之日起十五个工作日内予以核查，由市场监督管理部门负责人决定是否立案 (RULES.md D3).
SAMR_ART_18 = "市场监督管理行政处罚程序规定 第十八条"


def seed(apps, schema_editor):
    ClueTimeLimit = apps.get_model("clues", "ClueTimeLimit")
    ClueSetting = apps.get_model("clues", "ClueSetting")
    ClueTimeLimit.objects.get_or_create(domain="market", defaults={"amount": 15, "unit": "wd", "basis": SAMR_ART_18})
    ClueTimeLimit.objects.get_or_create(
        domain="", defaults={"amount": 15, "unit": "wd", "basis": f"默认参照{SAMR_ART_18}"}
    )
    if not ClueSetting.objects.filter(organisation__isnull=True).exists():
        ClueSetting.objects.create(organisation=None, duplicate_radius_m=200, duplicate_window_days=30)


def unseed(apps, schema_editor):
    apps.get_model("clues", "ClueTimeLimit").objects.filter(domain__in=["market", ""]).delete()


class Migration(migrations.Migration):
    dependencies = [("clues", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
