"""Models of the legal app, one module per area; each module declares its own ``__all__``."""

from .discretion import *  # noqa: F403
from .laws import *  # noqa: F403
from .powers import *  # noqa: F403
