"""The one NinjaAPI. Each app contributes a router from `<app>/api.py`. OpenAPI at /api/docs.

Errors: every ApplicationError becomes `{"code": ..., "message": ...}` with its HTTP status, so
clients get stable codes and people get Chinese messages.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from zhifa.core.errors import ApplicationError
from zhifa.orgs.api_auth import API_AUTH


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="智法 Zhifa API",
    version="1",
    description="行政执法网上办案、执法监督与公示服务平台接口。错误以稳定代码 code 和中文 message 返回。",
    auth=API_AUTH,
    renderer=ChineseJSONRenderer(),
    urls_namespace="api",
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "unauthenticated", "message": "请先登录或提供有效的访问令牌"}, status=401
    )


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "invalid", "message": "请求参数有误", "errors": exc.errors}, status=422
    )


api.add_router("/orgs/", "zhifa.orgs.api.router")
api.add_router("/legal/", "zhifa.legal.api.router")
api.add_router("/parties/", "zhifa.parties.api.router")
api.add_router("/core/", "zhifa.core.api.router")
api.add_router("/documents/", "zhifa.documents.api.router")
api.add_router("/evidence/", "zhifa.evidence.api.router")
api.add_router("/dossier/", "zhifa.dossier.api.router")
api.add_router("/worklist/", "zhifa.worklist.api.router")
api.add_router("/cases/", "zhifa.cases.api.router")
api.add_router("/clues/", "zhifa.clues.api.router")
api.add_router("/inspections/", "zhifa.inspections.api.router")
api.add_router("/coercion/", "zhifa.coercion.api.router")
