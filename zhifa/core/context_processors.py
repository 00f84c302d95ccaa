"""Template context of the core kernel. Add to settings TEMPLATES["OPTIONS"]["context_processors"]:
"zhifa.core.context_processors.calendar_warning"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .permissions import CorePerm


def calendar_warning(request: HttpRequest) -> dict[str, Any]:
    """`calendar_missing_years` for holiday managers and superusers when this year — or, from
    November on, next year — has no complete holiday schedule (rendered by core/_calendar_warning.html)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from zhifa.orgs.scopes import has_perm  # the UI layer may look up; the kernel's logic does not

    if not (user.is_superuser or has_perm(user, CorePerm.HOLIDAY_MANAGE)):
        return {}
    from .workdays import calendar_coverage

    coverage = calendar_coverage()
    return {"calendar_missing_years": coverage["missing"]} if coverage["missing"] else {}
