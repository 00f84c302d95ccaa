"""Reads of clues, always through the data scope (fail closed)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhifa.core.crypto_fields import decrypt_identity
from zhifa.core.errors import NotFound
from zhifa.core.identifiers import mask_name, mask_phone
from zhifa.orgs.scopes import has_perm, require_perm, scope_contains, scope_q

from .choices import ClueState
from .models import REPORTER_ID_CONTEXT, Clue, ClueReporter
from .permissions import CluePerm


def _owner_q(user: Any) -> Q:
    return Q(created_by_id=user.pk) | Q(handler_user_id=user.pk)


def clue_scope_q(user: Any, perm: str) -> Q:
    """Visible through the registering unit, or through the handling unit once assigned; 本人 (the
    registrant or the handler) once — repeating it doubled the planner's row estimate."""
    return scope_q(
        user, perm, org_path="organisation_id", region_path="region_code", owner_path=_owner_q
    ) | scope_q(user, perm, org_path="handling_unit_id", region_path="handling_region_code", owner_path=None)


def scoped_clues(user: Any, perm: str = CluePerm.VIEW) -> QuerySet[Clue]:
    return Clue.objects.filter(clue_scope_q(user, perm))


def clue_in_scope(user: Any, clue: Clue, perm: str) -> bool:
    owners = [i for i in (clue.created_by_id, clue.handler_user_id) if i]
    if scope_contains(
        user, perm, organisation_id=clue.organisation_id, region_code=clue.region_code, owner_ids=owners
    ):
        return True
    return bool(clue.handling_unit_id) and scope_contains(
        user,
        perm,
        organisation_id=clue.handling_unit_id,
        region_code=clue.handling_region_code,
        owner_ids=owners,
    )


def clue_get_for_user(user: Any, pk: Any, perm: str = CluePerm.VIEW) -> Clue:
    """One clue the user may read under `perm`; missing and "not yours" are the same NotFound."""
    require_perm(user, perm)
    clue = (
        scoped_clues(user, perm)
        .select_related("organisation", "handling_unit", "handling_officer", "party", "merged_into")
        .filter(pk=pk)
        .first()
    )
    if clue is None:
        raise NotFound("线索不存在或不在您的数据范围内")
    return clue


def clue_list_for_user(
    user: Any,
    *,
    channel: str = "",
    state: str = "",
    domain: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    q: str = "",
) -> QuerySet[Clue]:
    qs = scoped_clues(user).select_related("organisation", "handling_unit")
    if channel:
        qs = qs.filter(channel=channel)
    if state:
        qs = qs.filter(state=state)
    if domain:
        qs = qs.filter(domain=domain)
    if date_from:
        qs = qs.filter(received_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(received_at__date__lte=date_to)
    if q:
        # `contains` (LIKE), as the case and inspection lists: on PostgreSQL `icontains` wraps each
        # column in UPPER(), which the planner cannot estimate — at a million clues it then walked
        # the whole received_at index for a rare term (bench intake: p95 0.7 s against 0.09 s).
        columns = ("number", "violation", "party_name", "place")
        qs = qs.filter(reduce(or_, (Q(**{f"{c}__contains": q}) for c in columns)))
    return qs.order_by("-received_at", "-id")


def can_view_reporter(user: Any, clue: Clue) -> bool:
    """Only users OF the receiving or handling unit itself (not superiors, not other units) who hold
    clues.reporter.view (BEYOND.md §14)."""
    if not has_perm(user, CluePerm.REPORTER_VIEW) or not getattr(user, "organisation_id", None):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return user.organisation_id in {clue.organisation_id, clue.handling_unit_id}


@dataclass(frozen=True)
class ReporterView:
    """What a page shows of a reporter: clear for permitted users (the read is audited by the
    caller), masked for everyone else."""

    pk: int
    name: str
    phone: str
    email: str
    id_number: str
    channel: str
    wants_reply: bool
    anonymous: bool
    masked: bool


def mask_email(email: str) -> str:
    local, _, host = (email or "").partition("@")
    return f"{local[:1]}***@{host}" if host else ""


def reporter_view(reporter: ClueReporter, *, clear: bool) -> ReporterView:
    if reporter.anonymous and not clear:
        name = "匿名"
    else:
        name = reporter.name if clear else mask_name(reporter.name)
    return ReporterView(
        pk=reporter.pk,
        name=name,
        phone=reporter.phone if clear else mask_phone(reporter.phone),
        email=reporter.email if clear else mask_email(reporter.email),
        id_number=reporter.id_number_masked,  # the full number only through an explicit reveal
        channel=reporter.get_channel_display(),
        wants_reply=reporter.wants_reply,
        anonymous=reporter.anonymous,
        masked=not clear,
    )


def reporters_reached(clue: Clue) -> list[ClueReporter]:
    """The reporters of `clue` and of every clue merged into it (transitively): all hear the reply."""
    ids, frontier = [clue.pk], [clue.pk]
    while frontier:
        frontier = list(Clue.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        frontier = [i for i in frontier if i not in ids]
        ids.extend(frontier)
    return list(ClueReporter.objects.filter(clue_id__in=ids).order_by("clue_id", "pk"))


REDACTED = "×××"


def reporter_marks(reporters: Iterable[ClueReporter]) -> list[str]:
    """What identifies the reporters in free text: names, phones, e-mails, ID numbers, addresses."""
    marks: set[str] = set()
    for r in reporters:
        cipher = r.id_number_cipher
        id_number = decrypt_identity(cipher, context=REPORTER_ID_CONTEXT) if cipher else ""
        marks.update(m.strip() for m in (r.name, r.phone, r.email, r.address, id_number))
    return sorted((m for m in marks if len(m) >= 2), key=len, reverse=True)


def redact_reporters(text: str, reporters: Iterable[ClueReporter]) -> str:
    """`text` with every mark of the reporters replaced by ×××: a complaint often names its caller
    (a 12345 record: 市民某某（电话…）反映…), and what the clue carries into a case reaches the party."""
    marks = reporter_marks(reporters)
    if not text or not marks:
        return text
    return re.sub("|".join(re.escape(m) for m in marks), REDACTED, text, flags=re.IGNORECASE)


def clue_content_for_user(user: Any, clue: Clue) -> str:
    """The clue's content as `user` may read it: in full for those who may see the reporters
    (can_view_reporter), the reporters' identity redacted for everyone else."""
    if can_view_reporter(user, clue):
        return clue.content
    return redact_reporters(clue.content, reporters_reached(clue))


def clue_stats_for_user(
    user: Any, *, date_from: date | None = None, date_to: date | None = None
) -> dict[str, Any]:
    """线索统计分析: counts by channel × state and by domain, one aggregate query each."""
    qs = clue_list_for_user(user, date_from=date_from, date_to=date_to).order_by()
    by_channel = list(
        qs.values("channel")
        .annotate(
            total=Count("id"),
            accepted=Count("id", filter=~Q(state__in=[ClueState.REGISTERED, ClueState.REJECTED])),
            rejected=Count("id", filter=Q(state=ClueState.REJECTED)),
            handled=Count("id", filter=Q(state=ClueState.HANDLED)),
            merged=Count("id", filter=Q(state=ClueState.MERGED)),
            cases=Count("id", filter=Q(case_id__isnull=False)),
        )
        .order_by("channel")
    )
    by_domain = list(qs.values("domain").annotate(total=Count("id")).order_by("-total", "domain"))
    by_state = dict(qs.values_list("state").annotate(n=Count("id")).order_by())
    return {
        "by_channel": by_channel,
        "by_domain": by_domain,
        "by_state": by_state,
        "total": sum(r["total"] for r in by_channel),
    }
