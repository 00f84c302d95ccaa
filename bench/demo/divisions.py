"""Regions for the demo: the orgs app's `import_divisions`, optionally restricted to a code prefix.

`import_divisions` reads a directory of the four CSV files; a prefix (e.g. "44" for Guangdong, used
by tests to keep them fast) is applied by writing filtered copies to a temporary directory.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")


def divisions_dir() -> Path:
    return Path(settings.SHARED_DIR) / "data" / "divisions"


def _filter_copy(source: Path, target: Path, prefixes: tuple[str, ...]) -> None:
    for name in FILES:
        with (source / name).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [
                row
                for row in reader
                if any(row["code"].startswith(p) or p.startswith(row["code"]) for p in prefixes)
            ]
            fields = reader.fieldnames or []
        with (target / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)


def import_regions(prefixes: tuple[str, ...] = ()) -> dict[str, int]:
    """Run `import_divisions` on all of China, or only on the divisions under `prefixes`."""
    out = io.StringIO()
    if not prefixes:
        call_command("import_divisions", str(divisions_dir()), stdout=out)
    else:
        with tempfile.TemporaryDirectory(prefix="zhifa-divisions-") as tmp:
            _filter_copy(divisions_dir(), Path(tmp), prefixes)
            call_command("import_divisions", tmp, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}
