from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from zhifa.core.models import AuditEvent
from zhifa.orgs.models import Region

pytestmark = pytest.mark.django_db

FILES = {
    "provinces.csv": 'code,name\n44,"广东省"\n11,"北京市"\n',
    "cities.csv": 'code,name,provinceCode\n4403,"深圳市",44\n4401,"广州市",44\n1101,"市辖区",11\n',
    "areas.csv": (
        'code,name,cityCode,provinceCode\n440303,"罗湖区",4403,44\n440304,"福田区",4403,44\n'
        '110101,"东城区",1101,11\n'
    ),
    "streets.csv": (
        'code,name,areaCode,provinceCode,cityCode\n440303001,"桂园街道",440303,44,4403\n'
        '440303002,"黄贝街道",440303,44,4403\n440304001,"南园街道",440304,44,4403\n'
    ),
}


def write_dir(tmp_path: Path, **overrides: str) -> Path:
    for name, text in {**FILES, **overrides}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(directory: Path | None = None) -> dict[str, int]:
    out = StringIO()
    args = [str(directory)] if directory else []
    call_command("import_divisions", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_import_builds_the_tree_with_levels_and_parents(tmp_path: Path) -> None:
    summary = run(write_dir(tmp_path))
    assert summary == {"provinces": 2, "cities": 3, "counties": 3, "streets": 3}
    street = Region.objects.get(code="440303001")
    assert street.level == "street"
    assert [r.code for r in Region.objects.ancestors(street, include_self=True)] == [
        "44",
        "4403",
        "440303",
        "440303001",
    ]
    assert Region.objects.get(code="4403").level == "city"
    assert Region.objects.get(code="440304").parent.code == "4403"
    assert AuditEvent.objects.filter(action="orgs.region.import").count() == 1


def test_reimport_updates_names_adds_new_and_never_duplicates(tmp_path: Path) -> None:
    run(write_dir(tmp_path))
    first_pk = Region.objects.get(code="440303").pk
    changed = FILES["areas.csv"].replace("罗湖区", "罗湖新区") + '440305,"南山区",4403,44\n'
    run(write_dir(tmp_path, **{"areas.csv": changed}))
    assert Region.objects.count() == 2 + 3 + 4 + 3
    assert Region.objects.filter(code="440303").count() == 1
    luohu = Region.objects.get(code="440303")
    assert (luohu.pk, luohu.name) == (first_pk, "罗湖新区")
    assert Region.objects.get(code="440305").parent.code == "4403"


@pytest.mark.parametrize(
    ("filename", "text", "where"),
    [
        ("cities.csv", 'code,name,provinceCode\n4403,"深圳市",44\n440,"坏",44\n', "cities.csv 第3行"),
        (
            "areas.csv",
            'code,name,cityCode,provinceCode\n440303,"罗湖区",4403,44\n440399,"",4403,44\n',
            "areas.csv 第3行",
        ),
        (
            "streets.csv",
            'code,name,areaCode,provinceCode,cityCode\n440399001,"孤儿街道",440399,44,4403\n',
            "streets.csv 第2行",
        ),
        ("provinces.csv", 'code,name\n44,"广东省"\n44,"重复"\n', "provinces.csv 第3行"),
        ("cities.csv", 'code,title,provinceCode\n4403,"深圳市",44\n', "cities.csv 第1行"),
    ],
)
def test_malformed_line_is_reported_with_file_and_line_and_nothing_is_written(
    tmp_path: Path, filename: str, text: str, where: str
) -> None:
    with pytest.raises(CommandError) as info:
        run(write_dir(tmp_path, **{filename: text}))
    assert where in str(info.value)
    assert Region.objects.count() == 0
    assert not AuditEvent.objects.filter(action="orgs.region.import").exists()


def test_missing_file_fails_without_writing(tmp_path: Path) -> None:
    write_dir(tmp_path)
    (tmp_path / "streets.csv").unlink()
    with pytest.raises(CommandError, match=r"streets\.csv"):
        run(tmp_path)
    assert Region.objects.count() == 0


def test_real_divisions_of_china_import_with_shenzhen_complete() -> None:
    directory = Path(settings.SHARED_DIR) / "data" / "divisions"
    if not directory.is_dir():
        pytest.fail(f"reference data missing: {directory}")
    summary = run()
    assert summary == {"provinces": 31, "cities": 342, "counties": 2978, "streets": 41352}
    shenzhen = Region.objects.get(code="4403")
    assert shenzhen.name == "深圳市"
    districts = Region.objects.filter(parent=shenzhen)
    assert districts.count() == 9
    assert Region.objects.filter(parent__parent=shenzhen, level="street").count() == 79
    # The tree and the GB/T 2260 prefixes agree: everything under 深圳 is coded 4403….
    assert Region.objects.filter(code__startswith="4403").exclude(pk=shenzhen.pk).count() == 9 + 79
    # Idempotent on the real files too.
    assert run() == summary
    assert Region.objects.count() == 31 + 342 + 2978 + 41352
