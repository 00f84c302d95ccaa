"""Test settings: the same code paths as production, with fast hashing and immediate tasks."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media" / str(os.getpid())
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # In-memory test database (pytest-django); keep IMMEDIATE transactions as in production.
    DATABASES["default"]["TEST"] = {"NAME": ""}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
