"""Deterministic, valid identifiers for demo data.

* 统一社会信用代码 (GB 32100-2015): authority + type, 6-digit region of the registering authority,
  the 9-character organisation code (GB 11714-1997, with its own check character) and the mod-31
  check character — check characters come from `zhifa.core.identifiers`, so every code passes
  `validate_uscc`.
* 居民身份证号码 (GB 11643-1999): 6-digit birthplace, birth date, 3-digit sequence (odd = male),
  ISO 7064 MOD 11-2 check character.

Uniqueness is kept by the generator (a set of issued codes), so a million codes never collide.
"""

from __future__ import annotations

import datetime as dt
import random

from zhifa.core.identifiers import org_code_check_char, resident_id_check_char, uscc_check_char

# GB 11714 organisation-code body characters (digits and the letters GB 32100 allows).
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class CodeIssuer:
    """Issues unique USCCs and resident ID numbers from one `random.Random`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._org_codes: set[str] = set()
        self._resident_ids: set[str] = set()

    def _org_body(self, modern: bool) -> str:
        rng = self.rng
        while True:
            if modern:  # codes issued since 2015 in Guangdong look like MA5D…
                body = "MA5" + "".join(rng.choice(_ORG_CHARS) for _ in range(5))
            else:
                body = f"{rng.randrange(10**8):08d}"
            if body not in self._org_codes:
                self._org_codes.add(body)
                return body

    def uscc(self, *, authority: str = "9", kind: str = "1", region6: str = "440300") -> str:
        """A fresh valid USCC: 9-1 企业, 9-2 个体工商户, 1-1 机关, 1-2 事业单位, 5-1 社会团体 …"""
        modern = authority == "9" and self.rng.random() < 0.7
        body = self._org_body(modern)
        org_code = body + org_code_check_char(body)
        first17 = authority + kind + region6 + org_code
        return first17 + uscc_check_char(first17)

    def resident_id(self, *, birthplace: str, birth_date: dt.date, male: bool) -> str:
        """A fresh valid 18-character resident ID number."""
        rng = self.rng
        stem = birthplace + birth_date.strftime("%Y%m%d")
        for _ in range(200):
            seq = rng.randrange(500) * 2 + (1 if male else 0)
            first17 = f"{stem}{seq:03d}"
            number = first17 + resident_id_check_char(first17)
            if number not in self._resident_ids:
                self._resident_ids.add(number)
                return number
        raise RuntimeError(f"身份证号码序号已用尽：{stem}")  # pragma: no cover - 500 per day and place


def random_birth_date(rng: random.Random, *, today: dt.date, min_age: int = 18, max_age: int = 75) -> dt.date:
    first = today.toordinal() - int(max_age * 365.25)
    last = today.toordinal() - int(min_age * 365.25) - 1
    return dt.date.fromordinal(rng.randint(first, last))
