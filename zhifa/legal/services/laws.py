"""Writes of the law library (法律法规库): the bulk import and the editing of an article's text.

``law_library_import`` reads the Markdown texts of a directory and the LawRefBook catalogue in
one transaction: parse everything first (a malformed file raises ImportFailed naming file and line
before anything is written), upsert Law / LawVersion rows in bulk, rebuild the structure of every
text whose bytes changed (articles and paragraphs are updated in place by number, so references
from power lists survive a re-import), recompute validity and the current version of each law,
re-index the changed articles for search, and append one audit event. Re-importing the same files
writes nothing but the audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ImportFailed, NotFound, ValidationError

from ..models import Article, Law, LawVersion
from ..search import article_search_text, get_search_backend
from .laws_catalogue import (
    CatalogueEntry,
    VersionFacts,
    infer_legal_level,
    issuing_body_and_document_no,
    read_catalogue,
    version_states,
)
from .laws_parser import ParsedLaw, parse_article_body, parse_law_markdown
from .laws_structure import LoadedText, sync_paragraphs, sync_text

TEMPLATE_FILE = "法律法规模版.md"
CATALOGUE_FILE = "law_catalogue.sqlite3"
BATCH = 500

VersionKey = tuple[str, Any]  # (law name, version date) or (law name, "catalogue:<id>") when undated

VERSION_FIELDS = (
    "title",
    "subtitle",
    "publish_date",
    "effective_date",
    "legal_level",
    "issuing_body",
    "document_no",
    "history",
    "source_file",
    "catalogue_id",
)
TEXT_OWNED_FIELDS = {
    "title",
    "subtitle",
    "effective_date",
    "issuing_body",
    "document_no",
    "history",
    "source_file",
}


def law_files(directory: Path) -> list[Path]:
    """The law texts of a directory: ``*.md`` except the format description, sorted by name."""
    return sorted(p for p in directory.glob("*.md") if p.name != TEMPLATE_FILE)


def _load_texts(files: Iterable[Path]) -> list[LoadedText]:
    texts: list[LoadedText] = []
    seen: dict[tuple[str, dt.date], str] = {}
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ImportFailed("文件不是 UTF-8 编码", file=path.name, line=line) from None
        parsed = parse_law_markdown(text, file_name=path.name)
        key = (parsed.name, parsed.version_date)
        if key in seen:
            raise ImportFailed(f"与 {seen[key]} 是同一法律的同一版本", file=path.name)
        seen[key] = path.name
        texts.append(LoadedText(parsed, hashlib.sha256(raw).hexdigest()))
    return texts


def _version_key(name: str, version_date: dt.date | None, catalogue_id: str) -> VersionKey:
    return (name, version_date) if version_date else (name, f"catalogue:{catalogue_id}")


def law_library_import(
    *,
    actor: Actor,
    directory: Path | None = None,
    files: Iterable[Path] | None = None,
    catalogue: Path | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Import the Markdown texts of ``directory`` (or the given ``files``) and the catalogue.

    ``catalogue`` defaults to ``directory / law_catalogue.sqlite3`` when that file exists. Returns
    the summary printed by ``manage.py import_laws``.
    """
    paths = list(files) if files is not None else (law_files(directory) if directory else [])
    if directory is not None and catalogue is None and (directory / CATALOGUE_FILE).exists():
        catalogue = directory / CATALOGUE_FILE
    texts = _load_texts(paths)
    entries = read_catalogue(catalogue) if catalogue else []
    today = today or timezone.localdate()

    with transaction.atomic():
        laws = _upsert_laws(texts, entries)
        versions, expired = _upsert_versions(texts, entries, laws)
        counts = {"articles": 0, "paragraphs": 0, "items": 0, "unchanged": 0}
        changed_articles: list[int] = []
        for loaded in texts:
            version = versions[(loaded.parsed.name, loaded.parsed.version_date)]
            if version.has_text and version.source_sha256 == loaded.sha256:
                counts["unchanged"] += 1
            else:
                changed_articles.extend(sync_text(version, loaded))
            for article in loaded.parsed.articles:
                counts["articles"] += 1
                counts["paragraphs"] += len(article.paragraphs)
                counts["items"] += sum(len(p.items) for p in article.paragraphs)
        _apply_states({law.pk for law in laws.values()}, expired, today=today)
        get_search_backend().index_articles(changed_articles)
        summary = {
            "laws": len({t.parsed.name for t in texts}),
            "versions": len(texts),
            "articles": counts["articles"],
            "paragraphs": counts["paragraphs"],
            "items": counts["items"],
            "catalogue": len(entries),
            "unchanged": counts["unchanged"],
            "reindexed_articles": len(changed_articles),
            "library_laws": Law.objects.count(),
            "library_versions": LawVersion.objects.count(),
        }
        audit_append(
            actor=actor,
            action="legal.law.import",
            subject=("legal.law", "library"),
            payload={
                **summary,
                "files": {t.parsed.file_name: t.sha256 for t in texts},
                "catalogue_file": catalogue.name if catalogue else "",
            },
        )
    return summary


def _upsert_laws(texts: list[LoadedText], entries: list[CatalogueEntry]) -> dict[str, Law]:
    desired: dict[str, dict[str, Any]] = {}
    for entry in entries:  # sorted by name, publish: the newest entry of a name wins
        desired[entry.name] = {
            "legal_level": entry.legal_level,
            "category": entry.category,
            "catalogue_id": entry.catalogue_id,
        }
    for loaded in texts:
        parsed = loaded.parsed
        fields = desired.setdefault(parsed.name, {"category": "", "catalogue_id": ""})
        fields["title"] = parsed.title
        if "legal_level" not in fields:
            body, _ = issuing_body_and_document_no(parsed.version_event)
            fields["legal_level"] = infer_legal_level(parsed.name, body)
    existing = {law.name: law for law in Law.objects.filter(name__in=list(desired))}
    to_create: list[Law] = []
    to_update: list[Law] = []
    for name, fields in desired.items():
        law = existing.get(name)
        if law is None:
            to_create.append(Law(name=name, **fields))
            continue
        changed = False
        for attr, value in fields.items():
            if getattr(law, attr) != value:
                setattr(law, attr, value)
                changed = True
        if changed:
            to_update.append(law)
    Law.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        now = timezone.now()
        for law in to_update:
            law.updated_at = now
        Law.objects.bulk_update(
            to_update, ["title", "legal_level", "category", "catalogue_id", "updated_at"], batch_size=BATCH
        )
    return {law.name: law for law in [*existing.values(), *to_create]}


def _history_text(parsed: ParsedLaw) -> str:
    return "\n".join(f"{h.date.year}年{h.date.month}月{h.date.day}日 {h.text}" for h in parsed.history)


def _upsert_versions(
    texts: list[LoadedText], entries: list[CatalogueEntry], laws: dict[str, Law]
) -> tuple[dict[VersionKey, LawVersion], dict[int, bool]]:
    """Create/update versions; return them by key, and the catalogue's expired flag by version pk."""
    desired: dict[VersionKey, dict[str, Any]] = {}
    flags: dict[VersionKey, bool] = {}
    for entry in entries:
        key = _version_key(entry.name, entry.version_date, entry.catalogue_id)
        desired[key] = {
            "title": "",
            "subtitle": entry.subtitle,
            "publish_date": entry.publish_date,
            "effective_date": entry.effective_date,
            "legal_level": entry.legal_level,
            "issuing_body": entry.issuing_body,
            "document_no": "",
            "history": "",
            "source_file": "",
            "catalogue_id": entry.catalogue_id,
        }
        flags[key] = entry.expired
    for loaded in texts:
        parsed = loaded.parsed
        key = (parsed.name, parsed.version_date)
        fields = desired.setdefault(key, {"catalogue_id": "", "issuing_body": "", "document_no": ""})
        body, document_no = issuing_body_and_document_no(parsed.version_event)
        fields.update(
            title=parsed.title,
            subtitle=parsed.subtitle or fields.get("subtitle", ""),
            publish_date=parsed.version_date,
            effective_date=parsed.effective_date or fields.get("effective_date"),
            legal_level=laws[parsed.name].legal_level,
            issuing_body=body or fields["issuing_body"],
            document_no=document_no or fields["document_no"],
            history=_history_text(parsed),
            source_file=parsed.file_name,
        )
        flags.setdefault(key, False)

    text_keys = {(t.parsed.name, t.parsed.version_date) for t in texts}
    law_ids = {laws[name].pk for name, _ in desired}
    existing: dict[VersionKey, LawVersion] = {}
    for row in LawVersion.objects.filter(law_id__in=law_ids).select_related("law"):
        existing[_version_key(row.law.name, row.version_date, row.catalogue_id)] = row
    to_create: list[LawVersion] = []
    to_update: list[LawVersion] = []
    for key, fields in desired.items():
        version = existing.get(key)
        if version is None:
            law = laws[key[0]]
            version_date = key[1] if isinstance(key[1], dt.date) else None
            version = LawVersion(law=law, version_date=version_date, validity="valid", **fields)
            to_create.append(version)
            existing[key] = version
            continue
        if version.has_text and key not in text_keys:
            # A catalogue-only run keeps what the imported text says about its own version.
            fields = {k: v for k, v in fields.items() if k not in TEXT_OWNED_FIELDS}
        if any(getattr(version, attr) != value for attr, value in fields.items()):
            for attr, value in fields.items():
                setattr(version, attr, value)
            to_update.append(version)
    LawVersion.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        now = timezone.now()
        for version in to_update:
            version.updated_at = now
        LawVersion.objects.bulk_update(to_update, [*VERSION_FIELDS, "updated_at"], batch_size=BATCH)
    expired = {existing[key].pk: flag for key, flag in flags.items()}
    return existing, expired


def _apply_states(law_ids: set[int], expired: dict[int, bool], *, today: dt.date) -> None:
    """Validity and ``is_current`` of every version of the given laws (see ``version_states``)."""
    by_law: dict[int, list[LawVersion]] = defaultdict(list)
    for version in LawVersion.objects.filter(law_id__in=law_ids):
        by_law[version.law_id].append(version)
    to_update: list[LawVersion] = []
    for versions in by_law.values():
        facts = [
            VersionFacts(
                key=v.pk,
                version_date=v.version_date,
                effective_date=v.effective_date,
                expired=expired.get(v.pk, v.validity == "repealed"),
            )
            for v in versions
        ]
        states = version_states(facts, today=today)
        for v in versions:
            validity, is_current = states[v.pk]
            if (v.validity, v.is_current) != (validity, is_current):
                v.validity, v.is_current = validity, is_current
                to_update.append(v)
    LawVersion.objects.bulk_update(to_update, ["validity", "is_current"], batch_size=BATCH)


def article_update_text(*, actor: Actor, article_id: int, text: str) -> Article:
    """Correct an article's text (admin): re-split its 款/项, re-tokenise and re-index it."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise NotFound()
        try:
            paragraphs = parse_article_body(text)
        except ValueError as exc:
            raise ValidationError(str(exc), fields={"text": [str(exc)]}) from None
        new_text = "\n".join(p.text for p in paragraphs)
        old_sha = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        article.text = new_text
        article.search_text = article_search_text(new_text)
        article.save(update_fields=["text", "search_text"])
        try:
            sync_paragraphs([(article, paragraphs)], file_name=article.label)
        except ImportFailed as exc:
            raise Conflict(exc.message) from None
        get_search_backend().index_articles([article.pk])
        audit_append(
            actor=actor,
            action="legal.article.update",
            subject=article,
            payload={
                "version_id": article.version_id,
                "label": article.label,
                "old_sha256": old_sha,
                "new_sha256": hashlib.sha256(new_text.encode("utf-8")).hexdigest(),
                "paragraphs": len(paragraphs),
            },
        )
    return article
