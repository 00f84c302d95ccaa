"""One error hierarchy for the whole platform.

Every error has a stable machine code (used by API clients and tests) and a Chinese message for
people. The API maps them to JSON (`config/api.py`), the UI to messages. "Not found" and "not
yours" deliberately give the same answer so that scopes do not leak existence.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    code: str = "application_error"
    message: str = "操作失败"
    http_status: int = 400

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.fields = fields or {}
        self.extra = extra or {}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        if self.extra:
            body["extra"] = self.extra
        return body


class ValidationError(ApplicationError):
    code = "invalid"
    message = "输入有误，请检查后重试"
    http_status = 422


class NotFound(ApplicationError):
    """Also raised when the object exists but lies outside the user's data scope."""

    code = "not_found"
    message = "记录不存在或无权访问"
    http_status = 404


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    message = "您没有执行此操作的权限"
    http_status = 403


class Conflict(ApplicationError):
    """Stale form, concurrent change, duplicate key."""

    code = "conflict"
    message = "数据已被他人修改，请刷新后重试"
    http_status = 409


class AuthenticationFailed(ApplicationError):
    code = "authentication_failed"
    message = "用户名或密码错误"
    http_status = 401


class AccountLocked(AuthenticationFailed):
    code = "account_locked"
    message = "登录失败次数过多，账号已临时锁定，请15分钟后再试"
    http_status = 423


class ImportFailed(ApplicationError):
    """An import aborted as a whole; nothing was written. Names the file and line."""

    code = "import_failed"
    message = "导入失败，未写入任何数据"

    def __init__(self, message: str, *, file: str = "", line: int | None = None, **kwargs: Any) -> None:
        where = file + (f" 第{line}行" if line is not None else "")
        super().__init__(
            f"{where}：{message}" if where else message, extra={"file": file, "line": line}, **kwargs
        )


class CalendarYearUnknown(ApplicationError):
    """A working-day computation touched a year without a complete holiday schedule (RULES.md §0
    rule 6: fail closed). Raised only when the caller asked for `strict=True`."""

    code = "calendar_year_unknown"
    http_status = 409

    def __init__(self, year: int, **kwargs: Any) -> None:
        self.year = year
        super().__init__(
            f"{year}年的法定节假日和调休安排尚未录入，无法准确计算期限。"
            f"请系统管理员在“节假日维护”中录入{year}年安排并标记为完整。",
            extra={"year": year},
            **kwargs,
        )
