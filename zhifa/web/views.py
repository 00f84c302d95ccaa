from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.core.errors import AuthenticationFailed
from zhifa.orgs.services.auth import user_authenticate


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        if not username or not password:
            error = "请输入用户名和密码"
        else:
            try:
                user = user_authenticate(username=username, password=password, ip=client_ip(request))
            except AuthenticationFailed as exc:
                error = exc.message
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    return redirect(next_url)
                return redirect("web:home")
    status = 401 if error and request.method == "POST" else 200
    return render(
        request, "web/login.html", {"error": error, "username": username, "next": next_url}, status=status
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """An officer's, leader's or reviewer's home opens on 我的待办 (tasks and the deadlines of what
    they handle, with their badges), above the tiles of their menu."""
    from zhifa.orgs.scopes import has_perm
    from zhifa.worklist.menu import WORKLIST_PERMS
    from zhifa.worklist.views import worklist_context

    context: dict[str, object] = {}
    if any(has_perm(request.user, p) for p in WORKLIST_PERMS):
        context = {"worklist": True, **worklist_context(request)}
    return render(request, "web/home.html", context)
