"""A per-process memo with a time limit, for public reads that every visitor shares (filter
options, publicity pages). Each gunicorn worker keeps its own copy for `seconds`; nothing is
shared between processes, so no cache server is needed and no visitor data is ever stored."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_registry: list[dict[Hashable, tuple[float, Any]]] = []
MAX_ENTRIES = 512  # per function: a flood of distinct arguments cannot grow memory without bound


def ttl_memo(seconds: float) -> Callable[[F], F]:
    """Memoise a function of hashable arguments for `seconds` in this process."""

    def decorator(fn: F) -> F:
        store: dict[Hashable, tuple[float, Any]] = {}
        lock = threading.Lock()
        _registry.append(store)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = (args, tuple(sorted(kwargs.items())))
            now = time.monotonic()
            hit = store.get(key)
            if hit is not None and now - hit[0] < seconds:
                return hit[1]
            value = fn(*args, **kwargs)
            with lock:
                if len(store) >= MAX_ENTRIES:
                    store.clear()
                store[key] = (now, value)
            return value

        return wrapper  # type: ignore[return-value]

    return decorator


def clear_all() -> None:
    """Forget every memo (tests, after writing reference data)."""
    for store in _registry:
        store.clear()
