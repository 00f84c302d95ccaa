"""Laws, power list and discretion standards of the demo city, through the legal app's own
commands and services: `import_laws`, the power-batch services (bench.demo.powers),
`import_discretion` (published, owned by 深圳市生态环境局) and `discretion_claim` by two of its
district branches."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from zhifa.core.audit import Actor
from zhifa.orgs.models import User

from .city import City
from .powers import build_powers

DISCRETION_OWNER = "ecology"
CLAIMING_DISTRICTS = ("440304", "440305")  # 福田, 南山


def laws_dir() -> Path:
    return Path(settings.SHARED_DIR) / "data" / "laws"


def discretion_file() -> Path:
    return Path(settings.SHARED_DIR) / "data" / "discretion" / "jiangmen_eco_discretion_table_2020.xls"


def _call(name: str, *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def build_legal(*, city: City, seed: int, log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    from zhifa.legal.models import DiscretionStandard, DiscretionStatus
    from zhifa.legal.services.discretion import discretion_claim

    summary: dict[str, Any] = {"laws": _call("import_laws", str(laws_dir()))}
    log(f"laws: {summary['laws']}")
    summary["powers"] = build_powers(city)
    log(f"powers: {summary['powers']}")
    owner = city.agencies[DISCRETION_OWNER]
    summary["discretion"] = _call(
        "import_discretion", str(discretion_file()), "--organisation", str(owner.pk)
    )
    log(f"discretion: {summary['discretion']}")
    standards = list(
        DiscretionStandard.objects.filter(organisation=owner, status=DiscretionStatus.PUBLISHED).order_by(
            "pk"
        )
    )
    claims = 0
    for district in CLAIMING_DISTRICTS:
        branch = city.branches.get((DISCRETION_OWNER, district))
        claimer = (
            User.objects.filter(organisation=branch, user_roles__role__code="unit_admin")
            .order_by("pk")
            .first()
            if branch
            else None
        )
        if claimer is None:
            continue
        for standard in standards:
            discretion_claim(actor=Actor.of(claimer), standard=standard)
            claims += 1
    summary["claims"] = claims
    return summary


def counts() -> dict[str, int]:
    from zhifa.legal.models import DiscretionStandard, DiscretionStatus, Law, Power

    return {
        "laws": Law.objects.filter(versions__has_text=True).distinct().count(),
        "powers": Power.objects.count(),
        "discretion_items": DiscretionStandard.objects.filter(status=DiscretionStatus.PUBLISHED).count(),
    }
