"""The 双公示 export as a file: valid CF records in CSV or JSON plus a JSON report of the invalid
ones, stored privately (`private/disclosure/<yyyy>/<mm>/<uuid>.<ext>`), one audit event per run."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError
from zhifa.orgs.models import Organisation

from .selectors import export_publications, iter_cf_records, unit_ids
from .writers import FORMATS, InvalidRecord, report_json, split_valid

AUDIT_ACTION = "disclosure.export.run"


@dataclass
class ExportResult:
    fmt: str
    data_name: str  # storage names
    report_name: str
    exported: int = 0
    invalid: list[InvalidRecord] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"exported": self.exported, "invalid": len(self.invalid)}

    def paths(self) -> list[str]:
        """Local paths when the storage has them (FileSystemStorage), else the storage names."""
        out = []
        for name in (self.data_name, self.report_name):
            try:
                out.append(default_storage.path(name))
            except NotImplementedError:
                out.append(name)
        return out


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ValidationError("开始日期不能晚于结束日期", fields={"date_from": ["开始日期不能晚于结束日期"]})


def _storage_name(stamp: dt.datetime, key: str, suffix: str) -> str:
    return f"private/disclosure/{stamp:%Y}/{stamp:%m}/{key}{suffix}"


def disclosure_export_run(
    *,
    actor: Actor,
    user: Any | None,
    fmt: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    organisation_id: int | None = None,
    include_children: bool = False,
    data_source: Organisation | None = None,
) -> ExportResult:
    """Write the export of the penalty publications `user` may export (None: a system run over
    every agency) decided in the range, of one unit (and its subordinates). Records with problems
    are only in the report, never in the data file."""
    if fmt not in FORMATS:
        raise ValidationError(f"不支持的导出格式：{fmt}（可选 csv、json）", fields={"fmt": ["格式无效"]})
    check_range(date_from, date_to)
    spec = FORMATS[fmt]
    qs = export_publications(
        user=user,
        date_from=date_from,
        date_to=date_to,
        organisation_ids=unit_ids(organisation_id, include_children=include_children)
        if organisation_id
        else None,
    )
    stamp = timezone.localtime()
    key = uuid.uuid4().hex
    result = ExportResult(
        fmt=fmt,
        data_name=_storage_name(stamp, key, spec.extension),
        report_name=_storage_name(stamp, key, "-report.json"),
    )
    counter = {"n": 0}

    def counted(records: Any) -> Any:
        for record in records:
            counter["n"] += 1
            yield record

    with tempfile.TemporaryFile() as tmp:
        records = counted(split_valid(iter_cf_records(qs, data_source=data_source), result.invalid))
        for piece in spec.chunks(records):
            tmp.write(piece.encode("utf-8"))
        tmp.seek(0)
        result.exported = counter["n"]
        result.data_name = default_storage.save(result.data_name, File(tmp))
    report = report_json(result.invalid, exported=result.exported)
    result.report_name = default_storage.save(result.report_name, ContentFile(report.encode("utf-8")))
    try:
        with transaction.atomic():
            audit_append(
                actor=actor,
                action=AUDIT_ACTION,
                payload={
                    "format": fmt,
                    "date_from": date_from.isoformat() if date_from else "",
                    "date_to": date_to.isoformat() if date_to else "",
                    "organisation_id": organisation_id,
                    "include_children": include_children,
                    "file": result.data_name,
                    "report": result.report_name,
                    **result.summary(),
                },
            )
    except Exception:
        default_storage.delete(result.data_name)
        default_storage.delete(result.report_name)
        raise
    return result
