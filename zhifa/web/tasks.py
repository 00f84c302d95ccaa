"""Tasks of the web shell. `smoke_ping` proves in production mode that a db_worker runs tasks."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def smoke_ping(marker: str) -> str:
    return f"pong:{marker}:{timezone.now().isoformat()}"
