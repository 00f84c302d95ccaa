"""Open311 GeoReport v2 endpoints (discovery, services, requests), mounted at /open311/v2/."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
