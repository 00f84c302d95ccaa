import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (settings are ready only after the application)

if getattr(settings, "DOCUMENTS_WARM_UP", False):
    # Each worker loads the PDF renderer and the Chinese fonts at start, not in an officer's request.
    from zhifa.documents.rendering.writers import renderer_warm_up

    renderer_warm_up()
