"""Views of the legal app, one module per area; each module exposes ``urlpatterns``."""
