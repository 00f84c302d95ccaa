"""Development / embedded default: SQLite file under var/, DEBUG on, tasks in the same database."""

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
