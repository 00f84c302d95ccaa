"""Structure of one law version (章/节/条/款/项) written from parsed text, updated in place.

Articles, paragraphs and items keep their primary keys across re-imports (matched by number), so
references from power lists and discretion standards survive; removing a referenced provision
fails with ImportFailed instead of cascading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import ProtectedError

from zhifa.core.errors import ImportFailed

from ..models import Article, LawChapter, LawItem, LawSection, LawVersion, Paragraph
from ..search import article_search_text
from .laws_parser import ParsedLaw, ParsedParagraph

BATCH = 500


@dataclass
class LoadedText:
    parsed: ParsedLaw
    sha256: str


def sync_text(version: LawVersion, loaded: LoadedText) -> list[int]:
    """Rebuild a version's structure from its parsed text; return the ids of its articles."""
    parsed = loaded.parsed
    LawChapter.objects.filter(version=version).delete()  # sections cascade; articles' FKs set null
    chapters = LawChapter.objects.bulk_create(
        [
            LawChapter(
                version=version, kind=h.kind, number=h.number, label=h.label, title=h.title, position=i
            )
            for i, h in enumerate(parsed.chapters)
        ]
    )
    sections = LawSection.objects.bulk_create(
        [
            LawSection(
                version=version,
                chapter=chapters[h.chapter_index] if h.chapter_index is not None else None,
                number=h.number,
                label=h.label,
                title=h.title,
                position=i,
            )
            for i, h in enumerate(parsed.sections)
        ]
    )
    existing = {(a.number, a.sub_number): a for a in Article.objects.filter(version=version)}
    to_create: list[Article] = []
    to_update: list[Article] = []
    structure: list[tuple[Article, list[ParsedParagraph]]] = []
    for position, pa in enumerate(parsed.articles):
        text = pa.text
        fields = {
            "label": pa.label,
            "chapter": chapters[pa.chapter_index] if pa.chapter_index is not None else None,
            "section": sections[pa.section_index] if pa.section_index is not None else None,
            "text": text,
            "position": position,
            "search_text": article_search_text(text),
        }
        article = existing.pop((pa.number, pa.sub_number), None)
        if article is None:
            article = Article(version=version, number=pa.number, sub_number=pa.sub_number, **fields)
            to_create.append(article)
        else:
            for attr, value in fields.items():
                setattr(article, attr, value)
            to_update.append(article)
        structure.append((article, pa.paragraphs))
    delete_or_fail(Article.objects.filter(pk__in=[a.pk for a in existing.values()]), parsed.file_name)
    Article.objects.bulk_create(to_create, batch_size=BATCH)
    Article.objects.bulk_update(
        to_update, ["label", "chapter", "section", "text", "position", "search_text"], batch_size=BATCH
    )
    sync_paragraphs(structure, file_name=parsed.file_name)
    version.has_text = True
    version.article_count = len(parsed.articles)
    version.source_sha256 = loaded.sha256
    version.save(update_fields=["has_text", "article_count", "source_sha256"])
    return [article.pk for article, _ in structure]


def delete_or_fail(queryset: Any, file_name: str) -> None:
    try:
        queryset.delete()
    except ProtectedError as exc:
        raise ImportFailed(
            f"新文本删去了已被引用的条款（{len(exc.protected_objects)}处引用），请先调整引用", file=file_name
        ) from None


def sync_paragraphs(structure: list[tuple[Article, list[ParsedParagraph]]], *, file_name: str) -> None:
    """Paragraphs and items updated in place by number, so references to them survive."""
    article_ids = [article.pk for article, _ in structure]
    existing = {(p.article_id, p.number): p for p in Paragraph.objects.filter(article_id__in=article_ids)}
    to_create: list[Paragraph] = []
    to_update: list[Paragraph] = []
    items: list[tuple[Paragraph, ParsedParagraph]] = []
    for article, parsed_paragraphs in structure:
        for pp in parsed_paragraphs:
            paragraph = existing.pop((article.pk, pp.number), None)
            if paragraph is None:
                paragraph = Paragraph(article=article, number=pp.number, text=pp.text)
                to_create.append(paragraph)
            elif paragraph.text != pp.text:
                paragraph.text = pp.text
                to_update.append(paragraph)
            items.append((paragraph, pp))
    delete_or_fail(Paragraph.objects.filter(pk__in=[p.pk for p in existing.values()]), file_name)
    Paragraph.objects.bulk_create(to_create, batch_size=BATCH)
    Paragraph.objects.bulk_update(to_update, ["text"], batch_size=BATCH)
    existing_items = {
        (i.paragraph_id, i.number): i for i in LawItem.objects.filter(paragraph__article_id__in=article_ids)
    }
    new_items: list[LawItem] = []
    changed_items: list[LawItem] = []
    for paragraph, pp in items:
        for parsed_item in pp.items:
            item = existing_items.pop((paragraph.pk, parsed_item.number), None)
            if item is None:
                new_items.append(
                    LawItem(
                        paragraph=paragraph,
                        number=parsed_item.number,
                        label=parsed_item.label,
                        text=parsed_item.text,
                    )
                )
            elif (item.label, item.text) != (parsed_item.label, parsed_item.text):
                item.label, item.text = parsed_item.label, parsed_item.text
                changed_items.append(item)
    delete_or_fail(LawItem.objects.filter(pk__in=[i.pk for i in existing_items.values()]), file_name)
    LawItem.objects.bulk_create(new_items, batch_size=BATCH)
    LawItem.objects.bulk_update(changed_items, ["label", "text"], batch_size=BATCH)
