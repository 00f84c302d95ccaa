"""Admin pages of the legal app, one module per area."""

from . import (
    laws,  # noqa: F401
    powers,  # noqa: F401
)
