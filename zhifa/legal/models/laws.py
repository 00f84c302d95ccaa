"""法律法规库 (law_library): laws, their text versions and the structure 编/章 → 节 → 条 → 款 → 项."""

from __future__ import annotations

from django.db import models

from zhifa.core.models import TimeStampedModel

__all__ = [
    "Article",
    "Law",
    "LawChapter",
    "LawItem",
    "LawSection",
    "LawVersion",
    "LegalLevel",
    "Paragraph",
    "Validity",
]


class LegalLevel(models.TextChoices):
    """效力级别 (《立法法》 hierarchy), plus the kinds the reference catalogue also carries."""

    CONSTITUTION = "constitution", "宪法"
    LAW = "law", "法律"
    ADMINISTRATIVE_REGULATION = "administrative_regulation", "行政法规"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    DEPARTMENTAL_RULE = "departmental_rule", "部门规章"
    LOCAL_GOVERNMENT_RULE = "local_government_rule", "地方政府规章"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件"
    JUDICIAL_INTERPRETATION = "judicial_interpretation", "司法解释"
    MODEL_CASE = "model_case", "案例"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    """时效性 of one text version."""

    VALID = "valid", "现行有效"
    NOT_YET_EFFECTIVE = "not_yet_effective", "尚未施行"
    SUPERSEDED = "superseded", "已被修订"
    REPEALED = "repealed", "已废止"


class Law(TimeStampedModel):
    """One law's identity across its versions (e.g. 行政处罚法), keyed by its short name."""

    name = models.CharField("简称", max_length=200, unique=True)
    title = models.CharField("标题", max_length=300, blank=True)
    legal_level = models.CharField("效力级别", max_length=32, choices=LegalLevel.choices, db_index=True)
    category = models.CharField("分类", max_length=100, blank=True, db_index=True)
    catalogue_id = models.CharField("目录编号", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title or self.name


class LawVersion(TimeStampedModel):
    """One text version of a law (a 修订/修正 publication). ``is_current`` marks the newest effective one."""

    law = models.ForeignKey(Law, verbose_name="法律法规", on_delete=models.CASCADE, related_name="versions")
    version_date = models.DateField("版本日期", null=True, blank=True)  # null: undated catalogue entry
    title = models.CharField("标题", max_length=300, blank=True)
    subtitle = models.CharField("副标题", max_length=300, blank=True)
    publish_date = models.DateField("公布日期", null=True, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    validity = models.CharField("时效性", max_length=32, choices=Validity.choices, db_index=True)
    legal_level = models.CharField("效力级别", max_length=32, choices=LegalLevel.choices, db_index=True)
    issuing_body = models.CharField("制定机关", max_length=200, blank=True, db_index=True)
    document_no = models.CharField("文号", max_length=200, blank=True)
    history = models.TextField("历史沿革", blank=True)
    source_file = models.CharField("来源文件", max_length=300, blank=True)
    source_sha256 = models.CharField("来源文件SHA-256", max_length=64, blank=True)
    catalogue_id = models.CharField("目录编号", max_length=64, blank=True, db_index=True)
    has_text = models.BooleanField("有正文", default=False)
    article_count = models.PositiveIntegerField("条数", default=0)
    is_current = models.BooleanField("现行版本", default=False, db_index=True)

    class Meta:
        verbose_name = "法律法规版本"
        verbose_name_plural = "法律法规版本"
        ordering = ["law_id", "-version_date"]
        constraints = [
            models.UniqueConstraint(fields=["law", "version_date"], name="legal_lawversion_law_date_uniq"),
        ]

    def __str__(self) -> str:
        when = f"{self.version_date:%Y-%m-%d}" if self.version_date else "未注明日期"
        return f"{self.title or self.law.name}（{when}）"


class LawChapter(models.Model):
    """编/篇/章 heading (``##`` in the source)."""

    version = models.ForeignKey(
        LawVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="chapters"
    )
    kind = models.CharField("层级", max_length=4, default="章")  # 编 / 篇 / 章 / 分编
    number = models.PositiveIntegerField("序号")
    label = models.CharField("编号", max_length=32)  # 第三章
    title = models.CharField("标题", max_length=200, blank=True)
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "章"
        verbose_name_plural = "章"
        ordering = ["version_id", "position"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()


class LawSection(models.Model):
    """节 heading (``###`` in the source), inside a chapter."""

    version = models.ForeignKey(
        LawVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="sections"
    )
    chapter = models.ForeignKey(
        LawChapter,
        verbose_name="章",
        on_delete=models.CASCADE,
        related_name="sections",
        null=True,
        blank=True,
    )
    number = models.PositiveIntegerField("序号")
    label = models.CharField("编号", max_length=32)  # 第二节
    title = models.CharField("标题", max_length=200, blank=True)
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "节"
        verbose_name_plural = "节"
        ordering = ["version_id", "position"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()


class Article(models.Model):
    """条. ``number`` is the integer of 第X条; ``sub_number`` is N of 第X条之N (0 when absent).

    ``search_text`` holds the space-joined search tokens (``zhifa.core.text.tokenize_zh``) of
    ``text``; the full-text indexes (SQLite FTS5 table / PostgreSQL GIN expression index) are
    built from it by ``zhifa.legal.search``.
    """

    version = models.ForeignKey(
        LawVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveIntegerField("条号")
    sub_number = models.PositiveIntegerField("之N", default=0)
    label = models.CharField("编号", max_length=32)  # 第三十二条
    chapter = models.ForeignKey(
        LawChapter,
        verbose_name="章",
        on_delete=models.SET_NULL,
        related_name="articles",
        null=True,
        blank=True,
    )
    section = models.ForeignKey(
        LawSection,
        verbose_name="节",
        on_delete=models.SET_NULL,
        related_name="articles",
        null=True,
        blank=True,
    )
    text = models.TextField("全文")
    position = models.PositiveIntegerField("顺序")
    search_text = models.TextField("检索词", blank=True, editable=False)

    class Meta:
        verbose_name = "条"
        verbose_name_plural = "条"
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number", "sub_number"], name="legal_article_version_number_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def anchor(self) -> str:
        return f"art-{self.number}" + (f"-{self.sub_number}" if self.sub_number else "")


class Paragraph(models.Model):
    """款: the article's first paragraph is 第一款; ``text`` includes its items' text."""

    article = models.ForeignKey(
        Article, verbose_name="条", on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveIntegerField("款号")
    text = models.TextField("内容")

    class Meta:
        verbose_name = "款"
        verbose_name_plural = "款"
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="legal_paragraph_article_number_uniq"),
        ]

    def __str__(self) -> str:
        return f"第{self.number}款"


class LawItem(models.Model):
    """项: （一）… inside a paragraph."""

    paragraph = models.ForeignKey(
        Paragraph, verbose_name="款", on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveIntegerField("项号")
    label = models.CharField("编号", max_length=16)  # （一）
    text = models.TextField("内容")

    class Meta:
        verbose_name = "项"
        verbose_name_plural = "项"
        ordering = ["paragraph_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "number"], name="legal_lawitem_paragraph_number_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.label
