"""The penalty-case personas (zhifa/cases/tests/conftest.py) serve the coercion tests too."""

from zhifa.cases.tests.conftest import case_world

__all__ = ["case_world"]
