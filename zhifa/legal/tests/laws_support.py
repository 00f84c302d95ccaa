"""Helpers for tests that need real law texts: import a few of the reference Markdown files.

from zhifa.legal.tests.laws_support import import_laws
import_laws("行政处罚法", "行政强制法")   # → summary dict; articles are then searchable
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from zhifa.core.audit import Actor
from zhifa.legal.models import Article

LAWS_DIR = Path(settings.SHARED_DIR) / "data" / "laws"


def law_file(name: str) -> Path:
    """The reference file of a law by its short name (``行政处罚法`` → ``行政处罚法(2021-01-22).md``)."""
    matches = sorted(LAWS_DIR.glob(f"{name}(*).md"))
    if not matches:
        raise FileNotFoundError(name)
    return matches[-1]


def import_laws(*names: str, catalogue: bool = False) -> dict[str, Any]:
    from zhifa.legal.services.laws import CATALOGUE_FILE, law_library_import

    return law_library_import(
        actor=Actor.system("test"),
        files=[law_file(n) for n in names],
        catalogue=LAWS_DIR / CATALOGUE_FILE if catalogue else None,
    )


def article(law_name: str, number: int, sub_number: int = 0) -> Article:
    """An article of the current version of a law."""
    return Article.objects.get(
        version__law__name=law_name, version__is_current=True, number=number, sub_number=sub_number
    )
