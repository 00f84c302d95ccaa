"""All layouts by document type code."""

from __future__ import annotations

from zhifa.core.errors import NotFound

from .blocks import Layout
from .coercion import LAYOUTS_COERCION
from .inspection import LAYOUTS_INSPECTION
from .notices import LAYOUTS_NOTICES
from .records import LAYOUTS_RECORDS
from .transfer import LAYOUTS_TRANSFER

LAYOUTS: dict[str, Layout] = {
    layout.code: layout
    for layout in (
        *LAYOUTS_NOTICES,
        *LAYOUTS_RECORDS,
        *LAYOUTS_COERCION,
        *LAYOUTS_INSPECTION,
        *LAYOUTS_TRANSFER,
    )
}


def layout_for(code: str) -> Layout:
    try:
        return LAYOUTS[code]
    except KeyError:
        raise NotFound(f"文书类型 {code} 没有模板") from None
