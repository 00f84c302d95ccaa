"""Production: PostgreSQL, gunicorn app nodes, db_worker nodes, run_scheduler. Keys must be supplied."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
for required in ("ZHIFA_SECRET_KEY", "ZHIFA_FIELD_KEY", "ZHIFA_INDEX_KEY"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"生产模式必须设置环境变量 {required}")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("生产模式必须使用 PostgreSQL（DATABASE_URL=postgres://…）")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SESSION_COOKIE_SECURE = os.environ.get("ZHIFA_INSECURE_COOKIES", "") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Workers render one throw-away PDF at start (config/wsgi.py): the first 决定书 of a worker then takes
# ~0.2 s like the others instead of ~1.5 s (bench cases: decision_document first_s vs p50_s).
DOCUMENTS_WARM_UP = os.environ.get("ZHIFA_DOCUMENTS_WARM_UP", "1") == "1"
