"""CSV and JSON writers of CF records, streamed: each yields text pieces so a file or an HTTP
response of any size is written in constant memory.

* CSV: UTF-8 with BOM (Excel/WPS open it correctly), header = the 30 CF codes in order.
* JSON: one array of objects keyed by CF code (all 30 keys, in order), `ensure_ascii=False`.

Only valid records are written; `split_valid` diverts the others into the report."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass

from .cf import CF_CODES, CfRecord

BOM = "\ufeff"


class _Echo:
    def write(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class InvalidRecord:
    """One record kept out of the export, with what is missing or wrong (RECORDS §1)."""

    publication_id: int
    number: str  # CF_WSH
    party: str  # CF_XDR_MC (masked)
    agency: str  # CF_CFJG
    decided_on: str  # CF_JDRQ
    problems: tuple[str, ...]

    @classmethod
    def of(cls, record: CfRecord) -> InvalidRecord:
        v = record.values
        return cls(
            publication_id=record.publication_id,
            number=v.get("CF_WSH", ""),
            party=v.get("CF_XDR_MC", ""),
            agency=v.get("CF_CFJG", ""),
            decided_on=v.get("CF_JDRQ", ""),
            problems=tuple(record.problems),
        )

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["problems"] = list(self.problems)
        return data


def split_valid(records: Iterable[CfRecord], invalid: list[InvalidRecord]) -> Iterator[CfRecord]:
    """Yield the valid records; append each invalid one to `invalid` (the report)."""
    for record in records:
        if record.valid:
            yield record
        else:
            invalid.append(InvalidRecord.of(record))


def csv_chunks(records: Iterable[CfRecord]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow(CF_CODES)
    for record in records:
        yield writer.writerow([record.values.get(code, "") for code in CF_CODES])


def json_chunks(records: Iterable[CfRecord]) -> Iterator[str]:
    yield "["
    first = True
    for record in records:
        obj = {code: record.values.get(code, "") for code in CF_CODES}
        yield ("\n" if first else ",\n") + json.dumps(obj, ensure_ascii=False)
        first = False
    yield "]\n" if first else "\n]\n"


REPORT_HEADER = ("公示ID", "决定书文号", "行政相对人", "处罚机关", "决定日期", "问题")


def report_csv_chunks(invalid: Iterable[InvalidRecord]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow(REPORT_HEADER)
    for row in invalid:
        yield writer.writerow(
            [row.publication_id, row.number, row.party, row.agency, row.decided_on, "；".join(row.problems)]
        )


def report_json(invalid: Iterable[InvalidRecord], *, exported: int) -> str:
    rows = [row.as_dict() for row in invalid]
    return json.dumps(
        {"exported": exported, "invalid": len(rows), "records": rows}, ensure_ascii=False, indent=1
    )


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    content_type: str
    chunks: Callable[[Iterable[CfRecord]], Iterator[str]]


FORMATS: dict[str, Format] = {
    "csv": Format("csv", ".csv", "text/csv; charset=utf-8", csv_chunks),
    "json": Format("json", ".json", "application/json; charset=utf-8", json_chunks),
}
