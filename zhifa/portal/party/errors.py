"""Login errors of the party portal: one message for a wrong number and a wrong code alike."""

from __future__ import annotations

from zhifa.core.errors import AccountLocked, AuthenticationFailed


class PartyLoginFailed(AuthenticationFailed):
    code = "party_login_failed"
    message = "案件编号或查询码不正确，请核对送达文书上的案件编号和查询码"


class PartyLoginLocked(AccountLocked):
    code = "party_login_locked"
    message = "尝试次数过多，请15分钟后再试"
