"""Pure rules of public complaints: tracking codes, the public status read from a clue's state,
Open311 statuses, attribute definitions and answers, ISO 8601 times."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .choices import ATTRIBUTE_DATATYPES, PublicStatus

# Crockford's base32 (no I, L, O, U): 12 symbols = 60 bits, unguessable at any rate limit we allow,
# and easy to read out over the phone. Shown as XXXX-XXXX-XXXX.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 12
TRACKING_CONTEXT = "complaints.tracking_code"  # blind-index context of the stored hash
API_KEY_CONTEXT = "complaints.open311_api_key"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalise_tracking_code(value: str) -> str:
    """Upper case, separators dropped, look-alikes folded (O→0, I/L→1); "" when it cannot be one."""
    code = re.sub(r"[\s\-_]", "", str(value or "")).upper().translate(_CONFUSABLE)
    if len(code) != TRACKING_LENGTH or any(c not in TRACKING_ALPHABET for c in code):
        return ""
    return code


def format_tracking_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def new_open311_token() -> str:
    return secrets.token_hex(12)


def new_api_key() -> str:
    return "zf311_" + secrets.token_urlsafe(30)


# The reporter's view of a clue's state (spec/02 §1.1.1.2: 登记 → 受理/不予受理 → 分派 → 办结).
_STATUS_FOR_STATE = {
    "registered": PublicStatus.RECEIVED,
    "accepted": PublicStatus.ACCEPTED,
    "rejected": PublicStatus.REJECTED,
    "assigned": PublicStatus.IN_PROGRESS,
    "handled": PublicStatus.CLOSED,
}
CLOSED_STATUSES = (PublicStatus.REJECTED, PublicStatus.CLOSED)

STATUS_EXPLANATIONS = {
    PublicStatus.RECEIVED: "您的投诉举报已收到，正在审查是否受理。",
    PublicStatus.ACCEPTED: "您的投诉举报已受理，即将分派给办理单位。",
    PublicStatus.REJECTED: "经审查，您的投诉举报不予受理。",
    PublicStatus.IN_PROGRESS: "您的投诉举报已分派给办理单位，正在核查办理。",
    PublicStatus.CLOSED: "您的投诉举报已办结。",
}


def public_status(state: str) -> PublicStatus:
    """The public status of a clue in `state` (of the clue a merged clue joined: see selectors)."""
    return _STATUS_FOR_STATE.get(state, PublicStatus.RECEIVED)


def open311_status(status: PublicStatus) -> str:
    """GeoReport v2 knows two statuses: closed once the clue is handled or refused, else open."""
    return "closed" if status in CLOSED_STATUSES else "open"


def can_rate(status: PublicStatus, already_rated: bool) -> bool:
    return status in CLOSED_STATUSES and not already_rated


# --- Open311 attributes ------------------------------------------------------------------------


def check_definitions(definitions: Any) -> list[str]:
    """Problems of a service's attribute definitions (empty list = valid)."""
    if not isinstance(definitions, list):
        return ["附加项定义须为列表"]
    problems: list[str] = []
    codes: set[str] = set()
    for i, item in enumerate(definitions, start=1):
        if not isinstance(item, dict):
            problems.append(f"第{i}项须为对象")
            continue
        code = str(item.get("code", ""))
        if not re.fullmatch(r"[A-Za-z0-9_\-]{1,40}", code):
            problems.append(f"第{i}项的 code 须为 1–40 位字母、数字、下划线或连字符")
        elif code in codes:
            problems.append(f"附加项 code “{code}”重复")
        codes.add(code)
        if item.get("datatype") not in ATTRIBUTE_DATATYPES:
            problems.append(f"第{i}项的 datatype 须为 {', '.join(ATTRIBUTE_DATATYPES)} 之一")
        if item.get("datatype") in ("singlevaluelist", "multivaluelist"):
            values = item.get("values")
            if (
                not isinstance(values, list)
                or not values
                or not all(isinstance(v, dict) and str(v.get("key", "")) and v.get("name") for v in values)
            ):
                problems.append(f"第{i}项（{code}）须列出可选值 values（key、name）")
        if not str(item.get("description", "")).strip():
            problems.append(f"第{i}项（{code}）须填写 description")
    return problems


def clean_attribute_answers(
    definitions: list[dict[str, Any]], answers: dict[str, list[str]]
) -> tuple[dict[str, Any], list[str]]:
    """Validate `answers` (code → submitted values) against the definitions: required ones given,
    numbers numeric, datetimes ISO 8601 with a zone, list keys among the values. Unknown codes are
    ignored (GeoReport v2 lets a server drop what it does not define). Returns (clean, problems)."""
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for item in sorted(definitions, key=lambda d: (int(d.get("order") or 0), str(d.get("code")))):
        if item.get("variable") is False:  # informational only: nothing to submit
            continue
        code, datatype = str(item["code"]), item["datatype"]
        given = [v.strip() for v in answers.get(code, []) if v and v.strip()]
        if not given:
            if item.get("required"):
                problems.append(f"attribute[{code}] 为必填项（{item.get('description', '')}）")
            continue
        keys = {str(v["key"]) for v in item.get("values") or []}
        if datatype == "multivaluelist":
            bad = [v for v in given if v not in keys]
            if bad:
                problems.append(f"attribute[{code}] 的取值无效：{'、'.join(bad)}")
            else:
                clean[code] = given
            continue
        value = given[0]
        if datatype == "singlevaluelist" and value not in keys:
            problems.append(f"attribute[{code}] 的取值无效：{value}")
        elif datatype == "number" and not _is_number(value):
            problems.append(f"attribute[{code}] 须为数字")
        elif datatype == "datetime" and parse_iso8601(value) is None:
            problems.append(f"attribute[{code}] 须为带时区的 ISO 8601 时间")
        else:
            clean[code] = value
    return clean, problems


def attribute_lines(definitions: list[dict[str, Any]], clean: dict[str, Any]) -> list[str]:
    """Readable lines "说明：取值" of the answers, for the clue's content."""
    lines = []
    for item in definitions:
        code = str(item.get("code"))
        if code not in clean:
            continue
        names = {str(v["key"]): str(v["name"]) for v in item.get("values") or []}
        values = clean[code] if isinstance(clean[code], list) else [clean[code]]
        lines.append(f"{item.get('description') or code}：{'、'.join(names.get(v, v) for v in values)}")
    return lines


def _is_number(value: str) -> bool:
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return True


# --- times ---------------------------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+\-]\d{2}:?\d{2})$", re.IGNORECASE)


def parse_iso8601(value: str) -> datetime | None:
    """An aware datetime from the W3C profile of ISO 8601 that GeoReport v2 requires (a zone is
    mandatory: "Z" or ±hh:mm); None when the value is not one."""
    text = str(value or "").strip()
    if not _ISO.match(text):
        return None
    text = text[:-1] + "+00:00" if text[-1] in "zZ" else text
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def iso8601(moment: datetime | None) -> str:
    """Seconds precision with the offset (2026-05-12T10:30:00+08:00), as GeoReport v2 writes."""
    return moment.isoformat(timespec="seconds") if moment else ""
