from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from .api import api

admin.site.site_header = "智法 · 系统管理"
admin.site.site_title = "智法管理"
admin.site.index_title = "基础数据与系统配置"

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("orgs/", include("zhifa.orgs.urls")),
    path("legal/", include("zhifa.legal.urls")),
    path("parties/", include("zhifa.parties.urls")),
    path("core/", include("zhifa.core.urls")),
    path("documents/", include("zhifa.documents.urls")),
    path("evidence/", include("zhifa.evidence.urls")),
    path("dossier/", include("zhifa.dossier.urls")),
    path("worklist/", include("zhifa.worklist.urls")),
    path("cases/", include("zhifa.cases.urls")),
    path("transfers/", include("zhifa.transfers.urls")),
    path("coercion/", include("zhifa.coercion.urls")),
    path("clues/", include("zhifa.clues.urls")),
    path("inspections/", include("zhifa.inspections.urls")),
    path("disclosure/", include("zhifa.disclosure.urls")),
    path("gs/", include("zhifa.portal.urls")),  # 公示 portal, no login
    path("gs/complaints/", include("zhifa.portal.complaints.urls")),
    path("gs/party/", include("zhifa.portal.party.urls")),
    path("open311/v2/", include("zhifa.portal.complaints.open311_urls")),
    path("", include("zhifa.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
