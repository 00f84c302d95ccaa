"""Models of the legal app, one module per area; each module declares its own ``__all__``."""

from .laws import *  # noqa: F403
