from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .fake_platform import FakePlatform, running_platform, settings_for


@pytest.fixture
def platform(settings: Any) -> Iterator[FakePlatform]:
    """The fake provincial platform, running, with the push settings pointing at it."""
    with running_platform() as fake:
        settings.ZHIFA_CREDIT_PUSH = settings_for(fake)
        yield fake
