"""`draw_timing(n_library, n_draw)`: the time of a 双随机 draw over a bulk-inserted library (for the
report and `manage.py inspection_draw_timing`; not a unit test — run it on a scratch database)."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.db import transaction

from zhifa.core.audit import Actor
from zhifa.orgs.models import Domain, Officer, Organisation

from .choices import RiskClass
from .models import InspectionPlan, InspectionTarget
from .services import inspection_draw


def _ensure_library(org: Organisation, domain: Domain, n_library: int) -> None:
    from zhifa.parties.models import Party

    have = InspectionTarget.objects.filter(domain=domain).count()
    if have >= n_library:
        return
    party = Party.objects.filter(organisation=org).first()
    if party is None:
        party = Party.objects.create(kind="legal_person", name="计时用检查对象", organisation=org)
    rng = random.Random(1)
    risks = [RiskClass.RED] * 1 + [RiskClass.YELLOW] * 3 + [RiskClass.BLUE] * 6
    batch = 20_000
    with transaction.atomic():
        for start in range(have, n_library, batch):
            rows = [
                InspectionTarget(
                    party=party,
                    name=f"对象{i}",
                    domain=domain,
                    library=f"t{i}"[:8],  # unique (party, domain, library) for the bulk rows
                    region_code=org.region_code,
                    risk=rng.choice(risks),
                    organisation=org,
                )
                for i in range(start, min(start + batch, n_library))
            ]
            InspectionTarget.objects.bulk_create(rows, batch_size=batch)


def draw_timing(n_library: int = 1_000_000, n_draw: int = 1_000, *, repeat: int = 3) -> dict[str, Any]:
    from zhifa.orgs.models import Region

    region, _ = Region.objects.get_or_create(code="4403", defaults={"name": "深圳市", "level": "city"})
    org, _ = Organisation.objects.get_or_create(
        name="计时用执法机关",
        defaults={"kind": "enforcement_agency", "level": "city", "region": region, "region_code": "4403"},
    )
    domain, _ = Domain.objects.get_or_create(code="bench_insp", defaults={"name": "计时领域"})
    for i in range(20 - Officer.objects.filter(organisation=org).count()):
        officer = Officer.objects.create(
            organisation=org,
            region_code=org.region_code,
            name=f"计时执法员{i}",
            certificate_no=f"BENCH{org.pk:04d}{i:05d}",
            certificate_valid_from=dt.date(2020, 1, 1),
            certificate_valid_to=dt.date(2099, 12, 31),
        )
        officer.domains.add(domain)
    started = time.perf_counter()
    _ensure_library(org, domain, n_library)
    build = time.perf_counter() - started
    actor = Actor.system("draw_timing")
    times = []
    for r in range(repeat):
        plan = InspectionPlan.objects.create(
            organisation=org,
            region_code=org.region_code,
            domain=domain,
            name=f"计时计划{r}",
            period_start=dt.date.today(),
            period_end=dt.date.today(),
            sample_size=n_draw,
        )
        t0 = time.perf_counter()
        draw = inspection_draw(actor=actor, plan=plan, seed=r + 1)
        times.append(time.perf_counter() - t0)
    return {
        "draw_library": InspectionTarget.objects.filter(domain=domain).count(),
        "draw_targets": len(draw.target_ids),
        "draw_seconds": [round(t, 3) for t in times],
        "draw_best_s": round(min(times), 3),
        "library_build_s": round(build, 1),
    }
