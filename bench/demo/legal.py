"""Laws, power list and discretion standards of the demo city, through the legal app's own
commands and services (import_laws, powers services, import_discretion)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from .city import City


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
    summary: dict[str, Any] = {}
    summary["laws_import"] = _call("import_laws", str(laws_dir()))
    log(f"laws: {summary['laws_import']}")
    return summary


def counts() -> dict[str, int]:
    from zhifa.legal.models import Law

    return {"laws": Law.objects.filter(versions__has_text=True).distinct().count()}
