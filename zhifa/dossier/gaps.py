"""缺项补录: what the dossier still lacks against the data standard (RECORDS §2, §4.3; RULES §7).

The caller passes the document codes its procedure and outcome require (see requirements.py);
the generic rules are checked here for every subject:

- every required code has an issued, not voided document ("a|b": either one);
- every issued document served on the party (registry `served == "yes"`) has a service record and
  its 送达回证 (RECORDS §2.9 09.02 "Req per served document"; RULES §7: 送达 missing is a veto item);
- every admissible evidence item has at least one file with an SM3 digest (re-hashed when
  `verify_files`) and an intact chain of custody (zhifa.evidence.custody);
- no draft document is left unissued.
Voided documents are ignored: they neither satisfy a requirement nor count as drafts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse

from zhifa.core.subjects import subject_kind, subject_label
from zhifa.documents.models import Document, DocumentStatus, ServiceRecord
from zhifa.documents.registry import CATALOGUE, document_type
from zhifa.evidence.custody import custody_verify
from zhifa.evidence.models import CustodyEvent
from zhifa.evidence.selectors import evidence_for_subject
from zhifa.evidence.services import evidence_file_verify

from .requirements import CONDITIONAL


@dataclass(frozen=True)
class Gap:
    code: str  # rule: missing_document | unserved | evidence_no_file | evidence_file_bad |
    #                  evidence_no_custody | evidence_custody_broken | draft_document
    title: str  # the material concerned, e.g. "行政处罚决定书送达回证"
    message: str  # Chinese, e.g. "缺少：行政处罚决定书送达回证（深市监罚字〔2026〕1号）"
    type_code: str = ""  # document type code when one applies
    object_kind: str = ""  # "document" | "evidence" | ""
    object_id: int | None = None
    fix_url: str = ""  # where to fix it (the document or evidence page of the subject)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "message": self.message,
            "type_code": self.type_code,
            "object_kind": self.object_kind,
            "object_id": self.object_id,
            "fix_url": self.fix_url,
        }


def _name(code: str) -> str:
    spec = CATALOGUE.get(code)
    return spec.name if spec else code


def _subject_url(subject: models.Model) -> str:
    try:
        kind = subject_kind(subject_label(subject))
    except Exception:
        return ""
    return kind.url(subject) if kind.url else ""


def _required_gaps(
    present: set[str], required: Iterable[str], facts: Mapping[str, Any] | None, subject_url: str
) -> list[Gap]:
    codes = list(dict.fromkeys(required))
    for fact, extra in CONDITIONAL.items():
        if facts and facts.get(fact):
            codes.extend(code for code in extra if code not in codes)
    gaps = []
    for requirement in codes:
        options = [c.strip() for c in requirement.split("|") if c.strip()]
        if any(code in present for code in options):
            continue
        title = "或".join(_name(c) for c in options)
        templated = any(document_type(c).template for c in options if c in CATALOGUE)
        hint = "" if templated else "（无在线模板：请以审批记录或上传材料补录）"
        gaps.append(
            Gap(
                code="missing_document",
                title=title,
                message=f"缺少：{title}{hint}",
                type_code=options[0] if options else "",
                fix_url=subject_url,
            )
        )
    return gaps


def _document_gaps(documents: list[Document]) -> list[Gap]:
    gaps = []
    issued = [d for d in documents if d.status == DocumentStatus.ISSUED]
    served_ids = set(
        ServiceRecord.objects.filter(document__in=issued, receipt_document__status=DocumentStatus.ISSUED)
        .values_list("document_id", flat=True)
        .distinct()
    )
    for doc in issued:
        if document_type(doc.type_code).served == "yes" and doc.pk not in served_ids:
            title = f"{doc.title}送达回证"
            gaps.append(
                Gap(
                    code="unserved",
                    title=title,
                    message=f"缺少：{title}（{doc.number or '无文号'}），请登记送达",
                    type_code="09.02",
                    object_kind="document",
                    object_id=doc.pk,
                    fix_url=reverse("documents:pdf", args=[doc.pk]),
                )
            )
    for doc in documents:
        if doc.status == DocumentStatus.DRAFT:
            gaps.append(
                Gap(
                    code="draft_document",
                    title=doc.title,
                    message=f"文书草稿未签发：{doc.title}（请签发或作废后删除）",
                    type_code=doc.type_code,
                    object_kind="document",
                    object_id=doc.pk,
                    fix_url=reverse("documents:preview", args=[doc.pk]),
                )
            )
    return gaps


def _evidence_gaps(subject: models.Model, *, verify_files: bool) -> list[Gap]:
    gaps = []
    items = list(evidence_for_subject(subject).filter(admissible=True))
    with_custody = set(
        CustodyEvent.objects.filter(evidence__in=items).values_list("evidence_id", flat=True).distinct()
    )
    for item in items:
        label = f"证据{item.seq}“{item.title}”"
        url = reverse("evidence:detail", args=[item.pk])

        def gap(code: str, message: str, item_pk: int = item.pk, fix: str = url, title: str = label) -> Gap:
            return Gap(
                code=code,
                title=title,
                message=message,
                object_kind="evidence",
                object_id=item_pk,
                fix_url=fix,
            )

        files = [f for f in item.files.all() if f.sm3]
        if not files:
            gaps.append(gap("evidence_no_file", f"缺少：{label}的证据文件（须上传并计算SM3摘要）"))
        elif verify_files:
            bad = [f.original_name for f in files if not evidence_file_verify(f)]
            if bad:
                gaps.append(gap("evidence_file_bad", f"{label}的文件与登记的SM3摘要不符：" + "、".join(bad)))
        if item.pk not in with_custody:
            gaps.append(gap("evidence_no_custody", f"缺少：{label}的保管记录"))
        elif custody_verify(item) is not None:
            gaps.append(gap("evidence_custody_broken", f"{label}的保管链校验失败"))
    return gaps


def dossier_gaps(
    subject: models.Model,
    *,
    required_codes: Iterable[str],
    outcome_facts: Mapping[str, Any] | None = None,
    satisfied_codes: Iterable[str] = (),
    verify_files: bool = False,
) -> list[Gap]:
    """Everything the dossier still lacks, in a stable order (required documents, service, drafts,
    evidence). `satisfied_codes`: codes the caller knows are on file outside zhifa.documents (e.g.
    a signed approval run standing for the 立案审批表). `verify_files` re-hashes evidence files
    (archiving does; the page does not)."""
    documents = list(
        Document.objects.filter(subject_type=subject_label(subject), subject_id=subject.pk)
        .exclude(status=DocumentStatus.VOID)
        .order_by("created_at", "id")
    )
    present = {d.type_code for d in documents if d.status == DocumentStatus.ISSUED} | set(satisfied_codes)
    return [
        *_required_gaps(present, required_codes, outcome_facts, _subject_url(subject)),
        *_document_gaps(documents),
        *_evidence_gaps(subject, verify_files=verify_files),
    ]
