"""检查转办 page: an officer of the inspection asks to hand it to another unit of the agency or to
other officers; the approval itself happens in 我的待办 (zhifa.worklist)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhifa.core.errors import ApplicationError
from zhifa.orgs.models import Organisation
from zhifa.orgs.views.common import actor_of, guarded

from .parsing import Problems, officers_from, pick
from .permissions import InspectionPerm
from .selectors import certified_officers, inspection_get_for_execution, inspection_transfers
from .services import inspection_transfer_request
from .services.transfer import agency_unit_ids


@guarded(InspectionPerm.VIEW)
def inspection_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_get_for_execution(request.user, pk)
    units = Organisation.objects.filter(pk__in=agency_unit_ids(inspection.organisation_id)).order_by(
        "region_code", "pk"
    )
    officers = certified_officers(
        units.values_list("pk", flat=True), inspection.domain_id, timezone.localdate()
    )
    form: dict[str, Any] = {"to_organisation": str(inspection.organisation_id), "officers": []}
    if request.method == "POST":
        p = request.POST
        form = {
            "to_organisation": p.get("to_organisation", ""),
            "officers": p.getlist("officers"),
            "reason": p.get("reason", ""),
        }
        try:
            problems = Problems()
            to_org = pick(units, p.get("to_organisation"), "to_organisation", "转办至单位", problems)
            problems.raise_if_any()
            inspection_transfer_request(
                actor=actor_of(request),
                inspection=inspection,
                to_organisation=to_org,
                officers=officers_from(p, officers),
                reason=p.get("reason", ""),
            )
            messages.success(request, "已提请检查转办，待负责人审批")
            return redirect("inspections:detail", inspection.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "inspections/inspection_transfer.html",
        {
            "inspection": inspection,
            "units": units,
            "officers": officers,
            "form": form,
            "transfers": inspection_transfers(inspection),
        },
    )
