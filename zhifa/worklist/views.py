"""我的待办 and the approval page. Thin: parse → selector (authorises) → service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.core.errors import CalendarYearUnknown, Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.core.pagination import WholePagePaginator
from zhifa.orgs.views.common import actor_of, guarded

from .menu import WORKLIST_PERMS
from .models import ApprovalStatus, DecisionKind
from .registry import approval_type_name, my_deadlines
from .selectors import approval_run_for_user, deadline_badge, due_badge, task_for_user, task_list_for_user
from .services.approvals import approval_decide, user_holds_step_role
from .services.tasks import task_claim

PER_PAGE = 20


@guarded(*WORKLIST_PERMS)  # the page exists for those whose menu shows it (navigation test)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "worklist/index.html", worklist_context(request))


def worklist_context(request: HttpRequest) -> dict[str, Any]:
    """我的待办: the user's tasks (page) and the open deadlines of what they handle, with badges."""
    page = WholePagePaginator(task_list_for_user(request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"task": t, "badge": due_badge(t.due_on) if t.due_on else None, "claimable": t.assignee_id is None}
        for t in page.object_list
    ]
    deadlines = [(row, deadline_badge(row.deadline)) for row in my_deadlines(request.user)]
    return {"page": page, "rows": rows, "deadlines": deadlines}


@login_required
@require_POST
def claim(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        task = task_for_user(request.user, task_id)
        task_claim(actor=actor_of(request), task=task)
        messages.success(request, f"已认领：{task.title}")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("worklist:index")


@login_required
def approval(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = approval_run_for_user(request.user, run_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    step = run.current_step_spec
    can_decide = step is not None and user_holds_step_role(
        request.user,  # type: ignore[arg-type]
        step["role"],
        run.organisation_id,
    )
    decisions = list(run.decisions.select_related("decided_by").order_by("step_index"))
    steps = [
        {"index": i, **s, "current": run.status == ApprovalStatus.PENDING and i == run.current_step}
        for i, s in enumerate(run.steps)
    ]
    return render(
        request,
        "worklist/approval.html",
        {
            "run": run,
            "type_name": approval_type_name(run.approval_type),
            "steps": steps,
            "decisions": decisions,
            "can_decide": can_decide,
            "choices": DecisionKind.choices,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = approval_run_for_user(request.user, run_id)
        version = int(request.POST.get("version", "-1"))
        if version != run.version:
            raise Conflict("该审批已由他人处理，请刷新")
        approval_decide(
            actor=actor_of(request),
            user=request.user,  # type: ignore[arg-type]
            run=run,
            decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, "审批意见已提交")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except (Conflict, ValidationError, PermissionDenied, CalendarYearUnknown) as exc:
        messages.error(request, exc.message)
    except ValueError:
        messages.error(request, "请求有误，请刷新后重试")
    return redirect("worklist:approval", run_id=run_id)
