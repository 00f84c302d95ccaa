"""The map's base layer and the district of a point: the district outlines of the jurisdiction
(GeoJSON from the shared reference data, `settings.SHARED_DIR / "data" / "geo"`), served as is to
Leaflet (no tile server: no external request) and used here to tell which district a clicked point
lies in (its 区划代码 goes on the clue for the screening rules) and to refuse points outside."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULT_GEOJSON = "shenzhen_440300_full.geojson"


def geojson_path() -> Path:
    name = getattr(settings, "ZHIFA_COMPLAINT_GEOJSON", DEFAULT_GEOJSON)
    return Path(settings.SHARED_DIR) / "data" / "geo" / name


@cache
def _load(path: str) -> tuple[bytes, tuple[District, ...]]:
    raw = Path(path).read_bytes()
    data = json.loads(raw)
    districts = tuple(
        District(
            code=str(feature["properties"]["adcode"]),
            name=str(feature["properties"]["name"]),
            polygons=_polygons(feature["geometry"]),
        )
        for feature in data.get("features", [])
        if feature.get("geometry")
    )
    return raw, districts


def geojson_bytes() -> bytes:
    return _load(str(geojson_path()))[0]


def districts() -> tuple[District, ...]:
    return _load(str(geojson_path()))[1]


Ring = list[tuple[float, float]]  # (lng, lat) as GeoJSON writes them


@dataclass(frozen=True)
class District:
    code: str  # GB/T 2260 six digits, e.g. 440303
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then holes

    @property
    def region_code(self) -> str:
        """The 区划代码 as the platform stores it (trailing zero pairs dropped: 440300 → 4403)."""
        code = self.code
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
        return code

    def contains(self, lng: float, lat: float) -> bool:
        for rings in self.polygons:
            if rings and _in_ring(rings[0], lng, lat) and not any(_in_ring(h, lng, lat) for h in rings[1:]):
                return True
        return False


def _polygons(geometry: dict[str, Any]) -> tuple[tuple[Ring, ...], ...]:
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polys = geometry["coordinates"]
    else:
        return ()
    return tuple(tuple([(float(p[0]), float(p[1])) for p in ring] for ring in poly) for poly in polys)


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting (points on the edge may fall either way; districts share edges)."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def district_at(lat: float, lng: float) -> District | None:
    """The district containing the WGS-84 point, or None outside the jurisdiction."""
    for district in districts():
        if district.contains(lng, lat):
            return district
    return None
