"""Reads: the dossier (正卷/副卷 with their 卷内目录) of any registered subject, composed from its
issued documents (zhifa.documents) and admissible evidence (zhifa.evidence).

Order: SAMR程序规定 Art. 78 via zhifa.documents.registry.dossier_position (RECORDS §2.13): a 送达回证
sorts right after the document it serves; evidence items sit at the 正卷 "evidence" position in
证据清单 order. Pages are numbered continuously per volume in Arabic numerals from 1; the cover,
the 卷内目录 and the 备考表 are unnumbered (RULES §7). The caller has authorised the subject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone

from zhifa.core.subjects import subject_kind, subject_label
from zhifa.documents.models import Document, DocumentStatus, ServiceRecord
from zhifa.documents.registry import EVIDENCE, document_type, dossier_position
from zhifa.evidence.choices import EvidenceKind, MediaKind
from zhifa.evidence.models import Evidence
from zhifa.evidence.selectors import evidence_for_subject

from .models import DossierArchive, ModelCaseMark
from .pages import stored_pdf_pages

VOLUMES: dict[str, str] = {"main": "正卷", "sub": "副卷"}
RECEIPT_CODE = "09.02"
# Evidence items follow the documents of the 正卷 evidence group (证据清单, 笔录 …).
EVIDENCE_KEY = max(dossier_position(code)[1] for code in EVIDENCE) + 1


@dataclass(frozen=True)
class DossierItem:
    """One line of the 卷内目录."""

    volume: str
    seq: int  # 卷内序号, 1..n per volume
    kind: str  # "document" | "evidence"
    object_id: int
    code: str  # document type code, or "evidence:<kind>"
    title: str
    number: str  # 文号
    responsible: str  # 责任者
    date: date | None
    pages: int
    start_page: int | None
    end_page: int | None
    note: str  # 备注 (e.g. 光盘/附件 for recordings)
    digest: str  # SM3 of the issued PDF, or of the evidence files' digests
    url: str
    photos: int = 0  # pages that are photos (备考表 counts them apart)

    @property
    def page_range(self) -> str:
        if not self.pages or self.start_page is None:
            return "—"
        if self.start_page == self.end_page:
            return str(self.start_page)
        return f"{self.start_page}–{self.end_page}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "volume": self.volume,
            "seq": self.seq,
            "kind": self.kind,
            "object_id": self.object_id,
            "code": self.code,
            "title": self.title,
            "number": self.number,
            "responsible": self.responsible,
            "date": self.date.isoformat() if self.date else None,
            "pages": self.pages,
            "start_page": self.start_page,
            "end_page": self.end_page,
            "page_range": self.page_range,
            "note": self.note,
            "digest": self.digest,
            "url": self.url,
            "photos": self.photos,
        }


@dataclass(frozen=True)
class DossierVolume:
    code: str
    label: str
    items: tuple[DossierItem, ...]

    @property
    def total_pages(self) -> int:
        return sum(item.pages for item in self.items)

    @property
    def attachments(self) -> int:
        """Items filed as 光盘/附件 (no paper pages)."""
        return sum(1 for item in self.items if item.pages == 0)


@dataclass(frozen=True)
class Dossier:
    subject_type: str
    subject_id: int
    title: str
    main: DossierVolume
    sub: DossierVolume
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def volumes(self) -> tuple[DossierVolume, DossierVolume]:
        return (self.main, self.sub)

    def volume(self, code: str) -> DossierVolume:
        return self.main if code == "main" else self.sub

    def items(self) -> list[DossierItem]:
        return [*self.main.items, *self.sub.items]


@dataclass
class _Entry:
    """An item before numbering: sort key, then the fields of DossierItem."""

    volume: str
    sort: tuple[Any, ...]
    kind: str
    object_id: int
    code: str
    title: str
    number: str
    responsible: str
    date: date | None
    pages: int
    note: str
    digest: str
    url: str
    photos: int = 0


def _local_date(value: Any) -> date | None:
    return timezone.localdate(value) if value else None


def _stamp(value: Any) -> float:
    return value.timestamp() if value else 0.0


def issued_documents(subject: models.Model) -> list[Document]:
    return list(
        Document.objects.filter(
            subject_type=subject_label(subject), subject_id=subject.pk, status=DocumentStatus.ISSUED
        )
        .select_related("organisation")
        .order_by("issued_at", "id")
    )


def document_pages(document: Document) -> int:
    if not document.pdf_file:
        return 0
    return stored_pdf_pages(
        source="document", object_id=document.pk, sm3=document.pdf_sm3, name=document.pdf_file
    )


def _document_entries(subject: models.Model) -> list[_Entry]:
    documents = issued_documents(subject)
    by_id = {d.pk: d for d in documents}
    served_by_receipt: dict[int, int] = dict(
        ServiceRecord.objects.filter(receipt_document_id__in=list(by_id), document_id__in=list(by_id))
        .order_by("id")
        .values_list("receipt_document_id", "document_id")
    )
    entries: list[_Entry] = []
    for doc in documents:
        anchor = doc
        receipt = 0
        served = by_id.get(served_by_receipt.get(doc.pk, 0)) if doc.type_code == RECEIPT_CODE else None
        if served is not None:
            anchor, receipt = served, 1
        volume, key = dossier_position(anchor.type_code)
        if volume == "both" and receipt:
            volume = "main"
        if volume not in VOLUMES:  # cover/contents/back sheet are generated; 不予立案 goes to the clue file
            continue
        spec = document_type(doc.type_code)
        title = doc.title or spec.name
        if served is not None:
            title = f"{title}（{served.title}{served.number}）"
        entries.append(
            _Entry(
                volume=volume,
                sort=(key, _stamp(anchor.issued_at), anchor.pk, receipt, _stamp(doc.issued_at), doc.pk),
                kind="document",
                object_id=doc.pk,
                code=doc.type_code,
                title=title,
                number=doc.number,
                responsible=doc.organisation.short_name or doc.organisation.name,
                date=_local_date(doc.issued_at),
                pages=document_pages(doc),
                note="",
                digest=doc.pdf_sm3,
                url=reverse("documents:pdf", args=[doc.pk]),
            )
        )
    return entries


def _duration(item: Evidence) -> str:
    details = item.details if isinstance(item.details, dict) else {}
    return str(details.get("duration") or "").strip()


def evidence_pages(item: Evidence) -> tuple[int, str, int]:
    """(pages, note, photo pages): PDFs by pypdf, photos 1 page each, recordings none (光盘/附件
    with duration). Without any paper-like file the officer's own page count (paper evidence) is used."""
    files = list(item.files.all())
    pages = photos = 0
    paper = False
    media: list[str] = []
    for f in files:
        if f.media_kind == MediaKind.PDF:
            paper = True
            pages += stored_pdf_pages(
                source="evidence_file", object_id=f.pk, sm3=f.sm3, name=str(f.file.name)
            )
        elif f.media_kind == MediaKind.PHOTO:
            paper = True
            pages += 1
            photos += 1
        elif f.media_kind in (MediaKind.AUDIO, MediaKind.VIDEO):
            media.append(str(MediaKind(f.media_kind).label))
        else:
            media.append("电子文件")
    if not paper and item.page_count:
        pages = int(item.page_count)
    note = ""
    if media:
        duration = _duration(item)
        note = "光盘/附件：" + "、".join(dict.fromkeys(media)) + (f"，时长{duration}" if duration else "")
    return pages, note, photos


def _evidence_entries(subject: models.Model) -> list[_Entry]:
    from zhifa.core.gm import sm3_hex

    labels = dict(EvidenceKind.choices)
    entries: list[_Entry] = []
    for item in evidence_for_subject(subject).filter(admissible=True):
        pages, note, photos = evidence_pages(item)
        digests = [f.sm3 for f in item.files.all()]
        digest = digests[0] if len(digests) == 1 else (sm3_hex("".join(digests).encode()) if digests else "")
        collector = getattr(item.collected_by, "display_name", "") or item.collected_by.get_username()
        entries.append(
            _Entry(
                volume="main",
                sort=(EVIDENCE_KEY, item.seq, 0, 0, 0.0, item.pk),
                kind="evidence",
                object_id=item.pk,
                code=f"evidence:{item.kind}",
                title=f"证据{item.seq}：{labels.get(item.kind, item.kind)} {item.title}",
                number="",
                responsible=item.source or collector,
                date=_local_date(item.collected_at),
                pages=pages,
                note=note,
                digest=digest,
                url=reverse("evidence:detail", args=[item.pk]),
                photos=photos,
            )
        )
    return entries


def _volume(code: str, entries: list[_Entry]) -> DossierVolume:
    items: list[DossierItem] = []
    page = 1
    for seq, e in enumerate(sorted((e for e in entries if e.volume == code), key=lambda e: e.sort), start=1):
        start = page if e.pages else None
        end = page + e.pages - 1 if e.pages else None
        page += e.pages
        items.append(
            DossierItem(
                volume=code,
                seq=seq,
                kind=e.kind,
                object_id=e.object_id,
                code=e.code,
                title=e.title,
                number=e.number,
                responsible=e.responsible,
                date=e.date,
                pages=e.pages,
                start_page=start,
                end_page=end,
                note=e.note,
                digest=e.digest,
                url=e.url,
                photos=e.photos,
            )
        )
    return DossierVolume(code=code, label=VOLUMES[code], items=tuple(items))


def dossier_for_subject(subject: models.Model) -> Dossier:
    """The subject's dossier: 正卷 and 副卷 with numbered items and continuous page ranges."""
    label = subject_label(subject)
    entries = _document_entries(subject) + _evidence_entries(subject)
    try:
        title = subject_kind(label).describe(subject)
    except Exception:
        title = str(subject)
    return Dossier(
        subject_type=label,
        subject_id=int(subject.pk),
        title=title,
        main=_volume("main", entries),
        sub=_volume("sub", entries),
    )


def dossier_archive_for(subject: models.Model) -> DossierArchive | None:
    return DossierArchive.objects.filter(subject_type=subject_label(subject), subject_id=subject.pk).first()


def model_case_mark_for(subject: models.Model) -> ModelCaseMark | None:
    return ModelCaseMark.objects.filter(
        subject_type=subject_label(subject), subject_id=subject.pk, withdrawn_at__isnull=True
    ).first()


def model_cases_for_user(user: Any) -> models.QuerySet[ModelCaseMark]:
    """Active 典型案例 marks in the user's data scope (dossier.model_case.view)."""
    from zhifa.orgs.scopes import scope_filter

    from .permissions import DossierPerm

    return scope_filter(
        ModelCaseMark.objects.filter(withdrawn_at__isnull=True).select_related("organisation", "marked_by"),
        user=user,
        perm=DossierPerm.MODEL_CASE_VIEW,
        org_path="organisation_id",
        region_path="region_code",
        owner_path="marked_by_id",
    ).order_by("-marked_at", "-id")
