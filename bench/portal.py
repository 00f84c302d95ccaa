"""The public portal benchmark (issue #5): the 执法公示 search by party-name keyword over the demo's
published publications, and the search page's throughput over HTTP.

1. In process, as the search page reads it (`publication_search(filters)`: the statements and the
   model rows; presenting and rendering are in the HTTP figure), beside its hand-written twin
   (bench.sql_portal): keyword pieces of 2–4 characters cut from real published names (`rare`),
   frequent pieces (`common`: 科技, 有限, 王* …), a rare piece within a district, and the list
   without a keyword. Same conventions as bench.foundation: seeded inputs
   drawn from the stored data, warm-up, alternating order, p50/p95, ratio_p95, the ORM floor.
2. Over HTTP: gunicorn with 2 sync workers (config.settings.base: DEBUG off, the bench database),
   warmed up, then `wrk` on loopback for `seconds` cycling the keyword URLs (a Lua script), parsed
   into requests/s, latency percentiles and non-2xx responses.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.utils import timezone

from zhifa.disclosure.models import PartyKind, Publication, PublicationState
from zhifa.orgs.choices import RegionLevel
from zhifa.orgs.models import Region
from zhifa.portal.selectors.publications import PublicationFilters, publication_search

from . import sql_portal
from .foundation import RATIO_TARGET, percentile, search_term

SEARCH_TARGET_MS = 50.0
RPS_TARGET = 200.0
WORKERS = 2
WRK = "/usr/bin/wrk"
COMMON = ("科技", "有限", "贸易", "深圳", "便利店", "电子科技", "王*", "李*", "张*", "餐饮")


@dataclass(frozen=True)
class Case:
    name: str
    target_ms: float | None
    inputs: list[Any]
    orm: Callable[[Any], Any]
    raw: Callable[[Any], Any]


def search_page(f: PublicationFilters) -> tuple[int | None, list[Any]]:
    """What the search view reads for one request (the rows it then presents and renders)."""
    result = publication_search(f)
    return result.total, result.rows


def raw_search_page(f: PublicationFilters) -> tuple[int | None, list[Any]]:
    return sql_portal.publication_search(None, f)


def floor(pk: int) -> list[tuple[Any, ...]]:
    return list(Publication.objects.filter(pk=pk).values_list("pk", "party_name"))


def raw_floor(pk: int) -> list[tuple[Any, ...]]:
    return sql_portal.publication_by_pk(None, pk)


def _sample_rows(rng: random.Random, n: int) -> list[tuple[int, str, str, str]]:
    """n public rows picked uniformly by id: (id, party kind, party name, region code). Each pick
    is the next row by primary key, kept when it is public (so no planner walks a state index)."""
    bounds = Publication.objects.order_by("pk").values_list("pk", flat=True)
    lo, hi = bounds.first(), bounds.last()
    if lo is None or hi is None:
        return []
    today = timezone.localdate()
    picked = []
    for _ in range(n * 3):
        row = (
            Publication.objects.filter(pk__gte=rng.randint(lo, hi))
            .order_by("pk")
            .values_list("pk", "party_kind", "party_name", "region_code", "state", "public_until")
            .first()
        )
        if row is not None and row[4] == PublicationState.PUBLISHED and (row[5] is None or row[5] >= today):
            picked.append(row[:4])
        if len(picked) >= n:
            break
    return picked


def keywords(rng: random.Random, n: int) -> dict[str, list[str]]:
    """`rare`: a 2–4 character piece of a random published organisation's or trader's name (what a
    visitor types); `common`: pieces found in a large share of the names."""
    rows = _sample_rows(rng, n * 2)
    names = [name for _, kind, name, _ in rows if kind != PartyKind.PERSON]
    rare = [_piece(name, rng) for name in names[:n]]
    common = [COMMON[i % len(COMMON)] for i in range(n)]
    return {"rare": rare, "common": common}


def _piece(name: str, rng: random.Random) -> str:
    """bench.foundation's search_term, kept only when it is a substring of the name (it cuts "深圳市"
    and "（深圳）" out first, so 华鑫（深圳）贸易 could give 鑫贸); else two characters of the name."""
    for _ in range(5):
        piece = search_term(name, rng)
        if piece in name:
            return piece
    start = rng.randint(0, max(len(name) - 2, 0))
    return name[start : start + 2]


def _districts() -> list[str]:
    codes = set(Publication.objects.order_by().values_list("region_code", flat=True)[:5000])
    found = sorted(
        Region.objects.filter(
            level=RegionLevel.COUNTY, code__in={c[:6] for c in codes if len(c) >= 6}
        ).values_list("code", flat=True)
    )
    return found or ["440305"]


def build_cases(*, seed: int, iterations: int) -> list[Case]:
    rng = random.Random(f"{seed}:bench-portal")
    words = keywords(rng, iterations)
    districts = _districts()
    floor_ids = [pk for pk, *_ in _sample_rows(rng, iterations)]
    cases = [
        Case("orm_floor", None, floor_ids, floor, raw_floor),
        Case(
            "search_rare",
            SEARCH_TARGET_MS,
            [PublicationFilters(q=q) for q in words["rare"]],
            search_page,
            raw_search_page,
        ),
        Case(
            "search_common",
            SEARCH_TARGET_MS,
            [PublicationFilters(q=q) for q in words["common"]],
            search_page,
            raw_search_page,
        ),
        Case(
            "search_rare_district",
            SEARCH_TARGET_MS,
            [PublicationFilters(q=q, district=rng.choice(districts)) for q in words["rare"]],
            search_page,
            raw_search_page,
        ),
        Case(
            "browse",
            SEARCH_TARGET_MS,
            [PublicationFilters() for _ in range(iterations)],
            search_page,
            raw_search_page,
        ),
        Case(
            "browse_district",
            SEARCH_TARGET_MS,
            [PublicationFilters(district=rng.choice(districts)) for _ in range(iterations)],
            search_page,
            raw_search_page,
        ),
    ]
    return [c for c in cases if c.inputs]


def _time(fn: Callable[[Any], Any], value: Any) -> float:
    t0 = time.perf_counter()
    fn(value)
    return (time.perf_counter() - t0) * 1000


def measure(case: Case, *, warmup: int = 5) -> dict[str, Any]:
    for value in case.inputs[:warmup]:
        _time(case.orm, value)
        _time(case.raw, value)
    orm: list[float] = []
    raw: list[float] = []
    for i, value in enumerate(case.inputs):
        # Alternate which side runs first so neither profits from the other's warm cache.
        if i % 2:
            raw.append(_time(case.raw, value))
            orm.append(_time(case.orm, value))
        else:
            orm.append(_time(case.orm, value))
            raw.append(_time(case.raw, value))
    p95, raw_p95 = percentile(orm, 95), percentile(raw, 95)
    ratio = p95 / raw_p95 if raw_p95 else 0.0
    return {
        "bench": "portal",
        "case": case.name,
        "n": len(case.inputs),
        "p50_ms": round(statistics.median(orm), 3),
        "p95_ms": round(p95, 3),
        "raw_p50_ms": round(statistics.median(raw), 3),
        "raw_p95_ms": round(raw_p95, 3),
        "ratio_p95": round(ratio, 2),
        "target_p95_ms": case.target_ms,
        "ok": None if case.target_ms is None else p95 <= case.target_ms and ratio <= RATIO_TARGET,
        "db": connection.vendor,
    }


# -- HTTP: gunicorn + wrk ----------------------------------------------------------------------


def database_url() -> str:
    """The URL of the database this process uses, for the gunicorn workers."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s.get("USER") or ""
    if s.get("PASSWORD"):
        auth += f":{quote(str(s['PASSWORD']))}"
    host = s.get("HOST") or "localhost"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _lua(paths: list[str]) -> str:
    items = ",\n".join(f'  "{p}"' for p in paths)
    return (
        f"local paths = {{\n{items}\n}}\nlocal i = math.random(#paths)\n"
        'request = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n'
    )


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * _UNITS[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/s, requests, latency percentiles, non-2xx/3xx and socket errors from wrk's report."""
    out: dict[str, Any] = {}
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in ([\d.]+)(s|m)", output)
    out["rps"] = float(rps.group(1)) if rps else 0.0
    out["requests"] = int(total.group(1)) if total else 0
    for pct in ("50", "75", "90", "99"):
        found = re.search(rf"\s{pct}%\s+([\d.]+(?:us|ms|s))", output)
        out[f"p{pct}_ms"] = round(_ms(found.group(1)), 2) if found else None
    non = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    out["non_2xx"] = int(non.group(1)) if non else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    out["socket_errors"] = sum(int(g) for g in errors.groups()) if errors else 0
    return out


def http(
    *, paths: list[str], seconds: int = 10, warmup_seconds: int = 3, connections: int = 8, threads: int = 2
) -> dict[str, Any]:
    """Serve the portal with gunicorn (WORKERS sync workers) and measure it with wrk on loopback."""
    line: dict[str, Any] = {"bench": "portal", "case": "search_page_http", "db": connection.vendor}
    if not Path(WRK).exists() and not shutil.which("wrk"):
        return {**line, "ok": None, "skipped": "wrk not installed"}
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",  # DEBUG off, the same code paths as production
        "DATABASE_URL": database_url(),
        "ZHIFA_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--workers", str(WORKERS), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning", "--timeout", "60", "--chdir", str(settings.BASE_DIR),
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/gs/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    error = server.stderr.read().decode()[-2000:] if server.stderr else ""
                    return {**line, "ok": False, "error": f"gunicorn did not start: {error}"}
                time.sleep(0.3)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as script:
            script.write(_lua(paths))
        wrk = shutil.which("wrk") or WRK
        args = [wrk, f"-t{threads}", f"-c{connections}", "-s", script.name, "--latency", base + "/"]
        subprocess.run([*args[:1], "-d", f"{warmup_seconds}s", *args[1:]], capture_output=True, check=False)  # noqa: S603
        result = subprocess.run(  # noqa: S603
            [*args[:1], "-d", f"{seconds}s", *args[1:]], capture_output=True, text=True, check=False
        )
        Path(script.name).unlink(missing_ok=True)
        parsed = parse_wrk(result.stdout)
        ok = parsed["rps"] >= RPS_TARGET and parsed["non_2xx"] == 0 and parsed["socket_errors"] == 0
        return {
            **line,
            "workers": WORKERS,
            "connections": connections,
            "threads": threads,
            "seconds": seconds,
            "urls": len(paths),
            **parsed,
            "target_rps": RPS_TARGET,
            "ok": ok,
        }
    finally:
        server.send_signal(signal.SIGTERM)  # the gunicorn master started above, by its pid
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def search_paths(cases: list[Case]) -> list[str]:
    """The search page URLs wrk cycles: the rare and the common keywords of the in-process cases."""
    paths: list[str] = []
    for case in cases:
        if case.name in ("search_rare", "search_common"):
            paths += [f"/gs/?q={quote(f.q)}" for f in case.inputs]
    return paths or ["/gs/"]


def run(
    *, seed: int, iterations: int, with_http: bool = True, http_seconds: int = 10
) -> Iterator[dict[str, Any]]:
    cases = build_cases(seed=seed, iterations=iterations)
    ratio_floor: float | None = None
    for case in cases:
        line = measure(case)
        if case.name == "orm_floor":
            ratio_floor = line["ratio_p95"]
        line["floor_ratio_p95"] = ratio_floor
        yield line
    if with_http:
        yield http(paths=search_paths(cases), seconds=http_seconds)


__all__ = ["build_cases", "http", "measure", "parse_wrk", "run"]
