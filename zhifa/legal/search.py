"""Full-text search over articles (条) of the law library — one interface, same hits on both databases.

Every article stores ``search_text``: the space-joined tokens of ``zhifa.core.text.tokenize_zh``.
A query is tokenised by the same function and matches the articles holding ALL its tokens (whole
tokens, no stemming):

* SQLite — the FTS5 table ``legal_article_fts`` (rowid = article id, ``ascii`` tokenizer, so every
  stored token stays one FTS token); query ``"tok1" "tok2"`` (implicit AND, each token quoted).
* PostgreSQL — a GIN index on the stored generated column ``search_vector`` =
  ``array_to_tsvector(string_to_array(search_text, ' '))`` (lexemes verbatim, no parser); query
  ``'tok1' & 'tok2'`` cast to ``tsquery``.

The indexes are created by migrations 0001_laws (FTS5) and 0003_article_search_vector
(PostgreSQL). Ranking is computed in Python on both databases (term frequency of the query tokens,
then law name, version, article order), so the order is the same too. Index maintenance is
explicit and in bulk (``index_articles``), called by the services that write articles — never by
signals.

Other apps reuse the pattern through ``SqliteFtsIndex`` / ``PostgresTokenIndex`` with their own
table and column, and ``zhifa.core.text`` for tokens, snippets and highlighting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from zhifa.core.text import query_tokens_zh, search_text_zh, snippet_zh

from .models import Article

CHUNK = 500


@dataclass(frozen=True)
class SqliteFtsIndex:
    """An FTS5 table ``fts_table(column)`` whose rowid is the primary key of ``source_table``."""

    fts_table: str
    source_table: str
    column: str = "search_text"

    def index(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for i in range(0, len(ids), CHUNK):
                chunk = list(ids[i : i + CHUNK])
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {self.fts_table} WHERE rowid IN ({marks})", chunk)  # noqa: S608
                cursor.execute(
                    f"INSERT INTO {self.fts_table}(rowid, {self.column}) "  # noqa: S608
                    f"SELECT id, {self.column} FROM {self.source_table} WHERE id IN ({marks})",
                    chunk,
                )

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.fts_table}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO {self.fts_table}(rowid, {self.column}) "  # noqa: S608
                f"SELECT id, {self.column} FROM {self.source_table}"
            )

    def match_q(self, tokens: Sequence[str]) -> Q:
        expression = " ".join('"' + token.replace('"', '""') + '"' for token in tokens)
        sql = f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s"  # noqa: S608
        return Q(pk__in=RawSQL(sql, [expression]))  # noqa: S611 - identifiers are constants, value bound


@dataclass(frozen=True)
class PostgresTokenIndex:
    """GIN index on ``vector_column``, a stored generated column
    ``array_to_tsvector(string_to_array(column, ' '))`` of ``source_table`` (lexemes verbatim).

    PostgreSQL maintains the column itself; after a bulk write the table is analysed so the
    planner picks the index at once instead of waiting for autovacuum.
    """

    source_table: str
    vector_column: str = "search_vector"
    analyse_after: int = 200

    def index(self, ids: Sequence[int]) -> None:
        if len(ids) >= self.analyse_after:
            self.rebuild()

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {self.source_table}")

    def match_q(self, tokens: Sequence[str]) -> Q:
        def lexeme(token: str) -> str:
            return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

        query = " & ".join(lexeme(token) for token in tokens)
        sql = f"SELECT id FROM {self.source_table} WHERE {self.vector_column} @@ %s::tsquery"  # noqa: S608
        return Q(pk__in=RawSQL(sql, [query]))  # noqa: S611 - identifiers are constants, value bound


@dataclass(frozen=True)
class SearchFilters:
    law_id: int | None = None
    version_id: int | None = None
    legal_level: str | None = None
    current_only: bool = True  # only the current version of each law


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    score: int
    snippet: str = ""


@dataclass
class SearchResult:
    query: str
    tokens: list[str]
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [hit.article_id for hit in self.hits]


class SearchBackend(Protocol):
    vendor: str

    def index_articles(self, ids: Iterable[int]) -> None: ...

    def rebuild(self) -> None: ...

    def matching(self, query: str, *, filters: SearchFilters | None = None) -> QuerySet[Article]: ...

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, filters: SearchFilters | None = None
    ) -> SearchResult: ...


class ArticleSearchBackend:
    """The article search on one database vendor (``get_search_backend`` picks it)."""

    def __init__(self, vendor: str, index: SqliteFtsIndex | PostgresTokenIndex) -> None:
        self.vendor = vendor
        self._index = index

    def index_articles(self, ids: Iterable[int]) -> None:
        self._index.index(sorted(set(ids)))

    def rebuild(self) -> None:
        self._index.rebuild()

    def matching(self, query: str, *, filters: SearchFilters | None = None) -> QuerySet[Article]:
        """Articles holding every token of ``query`` (none for an empty query), unordered."""
        tokens = query_tokens_zh(query)
        if not tokens:
            return Article.objects.none()
        qs = Article.objects.filter(self._index.match_q(tokens))
        filters = filters or SearchFilters()
        if filters.version_id is not None:
            qs = qs.filter(version_id=filters.version_id)
        elif filters.current_only:
            qs = qs.filter(version__is_current=True)
        if filters.law_id is not None:
            qs = qs.filter(version__law_id=filters.law_id)
        if filters.legal_level:
            qs = qs.filter(version__legal_level=filters.legal_level)
        return qs

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, filters: SearchFilters | None = None
    ) -> SearchResult:
        tokens = query_tokens_zh(query)
        rows = self.matching(query, filters=filters).values_list(
            "pk", "search_text", "version__law__name", "version__version_date", "position"
        )
        ranked: list[tuple[int, int, str, int, int]] = []
        for pk, text, law_name, version_date, position in rows:
            words = text.split(" ")
            score = sum(words.count(token) for token in tokens)
            ordinal = version_date.toordinal() if version_date else 0
            ranked.append((-score, pk, law_name, -ordinal, position))
        ranked.sort(key=lambda r: (r[0], r[2], r[3], r[4], r[1]))
        page = ranked[offset : offset + limit]
        texts = dict(Article.objects.filter(pk__in=[r[1] for r in page]).values_list("pk", "text"))
        hits = [SearchHit(r[1], -r[0], snippet_zh(texts.get(r[1], ""), tokens)) for r in page]
        return SearchResult(query=query, tokens=tokens, total=len(ranked), hits=hits)


def article_search_text(text: str) -> str:
    """The ``Article.search_text`` value for an article's text."""
    return search_text_zh(text)


def get_search_backend() -> ArticleSearchBackend:
    vendor = connection.vendor
    if vendor == "sqlite":
        return ArticleSearchBackend(vendor, SqliteFtsIndex("legal_article_fts", "legal_article"))
    if vendor == "postgresql":
        return ArticleSearchBackend(vendor, PostgresTokenIndex("legal_article"))
    raise NotImplementedError(f"不支持的数据库：{vendor}")
