"""Production smoke check over real HTTP against gunicorn, plus the worker and the scheduler.

1. GET /login/ and log in with the smoke account (CSRF cookie + form);
2. GET / (the home page, Chinese UI) and /api/docs and /api/orgs/me;
3. enqueue `smoke_ping` and wait until a db_worker has run it;
4. wait until the scheduler has recorded at least one periodic run.
Exits non-zero with a Chinese message on the first failure.
"""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.parse
import urllib.request
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django_tasks.base import TaskResultStatus

from zhifa.web.tasks import smoke_ping

from .prod_smoke_setup import SMOKE_PASSWORD, SMOKE_USERNAME


class Command(BaseCommand):
    help = "生产模式冒烟测试：HTTP 登录、后台任务、定时任务"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", required=True)
        parser.add_argument("--timeout", type=float, default=60.0)

    def handle(self, *args: Any, **options: Any) -> None:
        base = options["base_url"].rstrip("/")
        deadline = time.monotonic() + options["timeout"]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def get(path: str) -> tuple[int, str]:
            with opener.open(base + path, timeout=10) as resp:
                return resp.status, resp.read().decode("utf-8")

        while True:
            try:
                status, _ = get("/login/")
                break
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise CommandError(f"gunicorn 未响应：{exc}") from exc
                time.sleep(0.5)
        csrf = next((c.value for c in jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode(
            {"username": SMOKE_USERNAME, "password": SMOKE_PASSWORD, "csrfmiddlewaretoken": csrf}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (loopback URL we started)
            base + "/login/", data=body, headers={"Referer": base + "/login/"}
        )
        with opener.open(request, timeout=10) as resp:
            if resp.status != 200 or "/login/" in resp.url:
                raise CommandError("登录失败")
        status, html = get("/")
        if status != 200 or "工作台" not in html:
            raise CommandError("首页未正确显示")
        status, _ = get("/api/docs")
        if status != 200:
            raise CommandError("API 文档不可用")
        status, me = get("/api/orgs/me")
        if status != 200 or SMOKE_USERNAME not in me:
            raise CommandError("API 会话认证失败")

        result = smoke_ping.enqueue("prod")
        while result.status != TaskResultStatus.SUCCESSFUL:
            if result.status == TaskResultStatus.FAILED or time.monotonic() > deadline:
                raise CommandError(f"后台任务未被 db_worker 执行（状态 {result.status}）")
            time.sleep(0.5)
            result.refresh()

        scheduled = 0
        try:
            job_model = apps.get_model("core", "ScheduledJobRun")
        except LookupError:
            job_model = None
        if job_model is not None:
            while (scheduled := job_model.objects.count()) == 0:
                if time.monotonic() > deadline:
                    raise CommandError("定时任务调度器未运行")
                time.sleep(0.5)
        self.stdout.write(
            json.dumps(
                {"http": "ok", "worker": "ok", "scheduler_jobs": scheduled, "task": result.return_value},
                ensure_ascii=False,
            )
        )
