"""Open311 GeoReport v2 endpoints (discovery, services, requests, tokens), mounted at /open311/v2/.
Every resource takes a format suffix: .xml (required by the specification) or .json."""

from django.urls import URLPattern, URLResolver, path, re_path
from django.views.generic import RedirectView

from . import open311

FMT = r"\.(?P<fmt>[a-z]+)$"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", RedirectView.as_view(url="discovery.xml"), name="open311_root"),
    re_path(r"^discovery" + FMT, open311.discovery, name="open311_discovery"),
    re_path(r"^services" + FMT, open311.services_list, name="open311_services"),
    re_path(
        r"^services/(?P<service_code>[A-Za-z0-9_\-]+)" + FMT,
        open311.service_definition,
        name="open311_service",
    ),
    re_path(r"^requests" + FMT, open311.requests_collection, name="open311_requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FMT, open311.request_detail, name="open311_request"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, open311.token_detail, name="open311_token"),
]
