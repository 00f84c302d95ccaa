from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu_groups": []}
    from zhifa.orgs.models import Role

    return {
        "menu_groups": menu_for(user, request.path),
        "current_unit": getattr(user, "organisation", None),
        "current_roles": list(Role.objects.filter(user_roles__user=user).values_list("name", flat=True)),
    }
