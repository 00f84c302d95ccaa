"""Open311 GeoReport v2 encodings: XML (required by the specification) and JSON (optional), UTF-8,
the XML declaration first, element names exactly as the specification writes them. Lists are
wrapped as the specification's samples do (`<services><service>…`, `<service_requests><request>…`,
`<errors><error>…`, `<attributes><attribute>…`, `<values><value>…`, `<endpoints><endpoint>…`,
`<formats><format>…`); booleans are `true`/`false`; a missing value is an empty element (XML) or
null (JSON)."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

XML_CONTENT_TYPE = "text/xml; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
FORMATS = ("xml", "json")
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    else:
        text = _text(value)
        if text:
            element.text = text


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    body = ET.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def respond(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    """`root` names the XML document element (the JSON body is `value` itself)."""
    if fmt == "json":
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return HttpResponse(body, content_type=JSON_CONTENT_TYPE, status=status)
    return HttpResponse(to_xml(root, value), content_type=XML_CONTENT_TYPE, status=status)


def errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """GeoReport v2 errors: `<errors><error><code>403</code><description>…` / `[{"code": 403, …}]`,
    the HTTP status the same code."""
    return respond(fmt, "errors", [{"code": status, "description": d} for d in descriptions], status)
