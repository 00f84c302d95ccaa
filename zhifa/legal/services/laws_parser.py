"""Parser of the Markdown law format (LawRefBook, ``法律法规模版.md``) into plain data.

Format::

    # 中华人民共和国行政处罚法          ← title (a second ``#`` line is the subtitle)
    1996年3月17日 第八届全国人民代表大会第四次会议通过   ← history lines ``YYYY年M月D日 事件``
    2021年1月22日 …修订
    <!-- INFO END -->
    ## 第一章 总则                      ← 编/篇/章
    ### 第一节 一般规定                 ← 节
    第一条 为了规范……                   ← 条 (first 款)
    设定和实施行政处罚必须……             ← next 款 of the same 条
    （一）警告、通报批评；               ← 项 of the preceding 款

Pure functions, no database: ``parse_law_markdown`` returns a ``ParsedLaw`` or raises
``ImportFailed`` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zhifa.core.errors import ImportFailed

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千"

ARTICLE_RE = re.compile(rf"^第([{_CN}]+)条(?:之([{_CN}]+))?(?:[ \u3000\t]+(.*))?$")
ITEM_RE = re.compile(rf"^[（(]([{_CN}]+)[）)][ \u3000]*(.*)$")
HEADING_RE = re.compile(rf"^第([{_CN}]+)(分编|编|篇|章|节)(?:[ \u3000]+(.*))?$")
HISTORY_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日[ \u3000]*(.*)$")
FILE_DATE_RE = re.compile(r"[(（](\d{4})-(\d{2})-(\d{2})[)）]")
COMMENT_RE = re.compile(r"<!--.*?-->")
INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff]")  # zero-width characters in some sources
INFO_END = "<!-- INFO END -->"


def cn_to_int(numeral: str) -> int:
    """Chinese numeral → int: 一百零一 → 101, 十二 → 12, 二十 → 20, 一千零八 → 1008."""
    if not numeral or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in numeral):
        raise ValueError(f"不是中文数字：{numeral!r}")
    total, digit = 0, None
    for ch in numeral:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def int_to_cn(number: int) -> str:
    """int → Chinese numeral as written in statute labels (1–9999): 101 → 一百零一, 12 → 十二."""
    if not 0 < number < 10000:
        raise ValueError(number)
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, number = divmod(number, value)
        if d:
            if zero:
                parts.append("零")
                zero = False
            parts.append(digits[d] + unit)
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def article_label(number: int, sub_number: int = 0) -> str:
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub_number)}" if sub_number else "")


@dataclass
class ParsedItem:
    number: int
    label: str
    text: str


@dataclass
class ParsedParagraph:
    number: int
    lead: str
    items: list[ParsedItem] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([self.lead, *(f"{i.label}{i.text}" for i in self.items)]).strip("\n")


@dataclass
class ParsedArticle:
    number: int
    sub_number: int
    label: str
    line: int
    chapter_index: int | None
    section_index: int | None
    paragraphs: list[ParsedParagraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class ParsedHeading:
    kind: str  # 编 / 分编 / 篇 / 章 / 节
    number: int
    label: str
    title: str
    chapter_index: int | None = None  # for 节: index of its chapter in ParsedLaw.chapters


@dataclass
class HistoryEntry:
    date: dt.date
    text: str


@dataclass
class ParsedLaw:
    file_name: str
    name: str  # short name from the file name (行政处罚法)
    version_date: dt.date
    title: str
    subtitle: str
    history: list[HistoryEntry]
    chapters: list[ParsedHeading]
    sections: list[ParsedHeading]
    articles: list[ParsedArticle]

    @property
    def effective_date(self) -> dt.date | None:
        """The latest ``… 施行`` history line (the version's own commencement), if any."""
        dates = [
            h.date for h in self.history if h.text.strip().endswith("施行") and h.date >= self.version_date
        ]
        return max(dates) if dates else None

    @property
    def version_event(self) -> str:
        """The history text of the version's own publication (same date as the version)."""
        same = [h.text for h in self.history if h.date == self.version_date]
        return same[-1] if same else (self.history[-1].text if self.history else "")


def split_file_name(file_name: str) -> tuple[str, dt.date | None]:
    """``行政处罚法(2021-01-22).md`` → (``行政处罚法``, 2021-01-22)."""
    stem = file_name.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.endswith(".md") else stem
    match = FILE_DATE_RE.search(stem)
    if not match:
        return stem.strip(), None
    name = stem[: match.start()].strip()
    try:
        return name, dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return name, None


def parse_article_body(text: str) -> list[ParsedParagraph]:
    """An article's body (without its 第X条 label), one 款 per line, 项 lines attached to the 款 above.

    Raises ValueError (Chinese message) when an item has no paragraph or items are out of order.
    """
    paragraphs: list[ParsedParagraph] = []
    for raw_line in INVISIBLE_RE.sub("", text).splitlines():
        line = raw_line.strip()
        if not line:
            continue
        match = ITEM_RE.match(line)
        if match and paragraphs:
            paragraph = paragraphs[-1]
            number = cn_to_int(match[1])
            expected = paragraph.items[-1].number + 1 if paragraph.items else 1
            if number != expected:
                raise ValueError(f"项号（{match[1]}）不连续，应为第{expected}项")
            paragraph.items.append(ParsedItem(number, f"（{match[1]}）", match[2].strip()))
        else:
            paragraphs.append(ParsedParagraph(len(paragraphs) + 1, line))
    if not paragraphs:
        raise ValueError("条文内容不能为空")
    return paragraphs


def parse_law_markdown(text: str, *, file_name: str) -> ParsedLaw:
    """Parse one law file; raise ImportFailed(file, line) on anything it cannot place."""
    name, file_date = split_file_name(file_name)

    def fail(message: str, line: int | None) -> ImportFailed:
        return ImportFailed(message, file=file_name, line=line)

    lines = INVISIBLE_RE.sub("", text).splitlines()
    start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        for j in range(1, len(lines)):
            if lines[j].strip() == "---":
                start = j + 1
                break
        else:
            raise fail("文件头（---）没有结束", 1)
    try:
        info_end = next(j for j in range(start, len(lines)) if lines[j].strip().startswith(INFO_END))
    except StopIteration:
        raise fail(f"缺少“{INFO_END}”分隔行", len(lines) or 1) from None

    title = subtitle = ""
    history: list[HistoryEntry] = []
    for j in range(start, info_end):
        raw = COMMENT_RE.sub("", lines[j]).strip()
        if not raw:
            continue
        if raw.startswith("#"):
            heading = raw.lstrip("#").strip()
            if not title:
                title = heading
            elif not subtitle:
                subtitle = heading
            continue
        match = HISTORY_RE.match(raw)
        if match:
            try:
                date = dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise fail(f"日期无效：{raw[:20]}", j + 1) from None
            history.append(HistoryEntry(date, match[4].strip()))
        elif history:  # a wrapped history line continues the previous entry
            history[-1].text += raw
        else:
            raise fail(f"标题之后应为“YYYY年M月D日 事件”形式的沿革行：{raw[:30]}", j + 1)
    if not title:
        raise fail("缺少“# 标题”行", start + 1)
    version_date = file_date or (history[-1].date if history else None)
    if version_date is None:
        raise fail("无法确定版本日期：文件名应形如“名称(YYYY-MM-DD).md”", 1)

    chapters: list[ParsedHeading] = []
    sections: list[ParsedHeading] = []
    articles: list[ParsedArticle] = []
    for j in range(info_end + 1, len(lines)):
        lineno = j + 1
        raw = COMMENT_RE.sub("", lines[j]).strip()
        if not raw:
            continue
        if raw.startswith("#"):
            level = len(raw) - len(raw.lstrip("#"))
            heading_text = raw[level:].strip()
            match = HEADING_RE.match(heading_text)
            if level not in (2, 3) or not match:
                raise fail(f"无法识别的标题：{raw[:30]}", lineno)
            kind = match[2]
            parsed_heading = ParsedHeading(
                kind, cn_to_int(match[1]), f"第{match[1]}{kind}", (match[3] or "").strip()
            )
            if level == 2:
                chapters.append(parsed_heading)
            else:
                parsed_heading.chapter_index = len(chapters) - 1 if chapters else None
                sections.append(parsed_heading)
            continue
        match = ARTICLE_RE.match(raw)
        if match:
            number = cn_to_int(match[1])
            sub_number = cn_to_int(match[2]) if match[2] else 0
            key = (number, sub_number)
            if articles and key <= (articles[-1].number, articles[-1].sub_number):
                raise fail(f"条号{article_label(*key)}不在上一条{articles[-1].label}之后", lineno)
            section_index = len(sections) - 1 if sections else None
            chapter_index = len(chapters) - 1 if chapters else None
            if section_index is not None and sections[section_index].chapter_index != chapter_index:
                section_index = None  # a new chapter began after the last 节
            label = f"第{match[1]}条" + (f"之{match[2]}" if match[2] else "")
            article = ParsedArticle(number, sub_number, label, lineno, chapter_index, section_index)
            article.paragraphs.append(ParsedParagraph(1, (match[3] or "").strip()))
            articles.append(article)
            continue
        if not articles:
            raise fail(f"第一条之前出现无法归属的正文：{raw[:30]}", lineno)
        current = articles[-1]
        match = ITEM_RE.match(raw)
        if match:
            paragraph = current.paragraphs[-1]
            number = cn_to_int(match[1])
            expected = paragraph.items[-1].number + 1 if paragraph.items else 1
            if number != expected:
                raise fail(f"{current.label}的项号（{match[1]}）不连续，应为第{expected}项", lineno)
            paragraph.items.append(ParsedItem(number, f"（{match[1]}）", match[2].strip()))
            continue
        current.paragraphs.append(ParsedParagraph(len(current.paragraphs) + 1, raw))
    if not articles:
        raise fail("没有找到任何条文（“第X条 ……”）", info_end + 1)
    return ParsedLaw(
        file_name=file_name,
        name=name or title,
        version_date=version_date,
        title=title,
        subtitle=subtitle,
        history=history,
        chapters=chapters,
        sections=sections,
        articles=articles,
    )
