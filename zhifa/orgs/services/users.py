"""Writes on users and their roles. When a `grantor` (the person acting in the UI / API) is given,
the organisation must lie in the grantor's user-management scope and every role added or removed
must be grantable by them (orgs.rules.role_grantable); the admin and commands pass none."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import PermissionDenied, ValidationError

from ..models import ApiToken, Organisation, Role, User, UserRole
from ..scopes import forget_grants
from ..selectors.users import organisation_manageable_by, role_grantable_by


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _check_grant(grantor: Any, organisation: Organisation | None, roles: Iterable[Role]) -> None:
    if grantor is None:
        return
    if organisation is not None and not organisation_manageable_by(grantor, organisation):
        raise PermissionDenied("您无权管理该单位的用户")
    refused = [role.name for role in roles if not role_grantable_by(grantor, role)]
    if refused:
        raise PermissionDenied(f"您无权授予或撤销角色：{'、'.join(refused)}")


def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    display_name: str,
    organisation: Organisation | None,
    roles: Iterable[Role] = (),
    phone: str = "",
    email: str = "",
    is_staff: bool = False,
    grantor: Any = None,
) -> User:
    username = (username or "").strip()
    roles = list(roles)
    if not username:
        raise _invalid("username", "请填写用户名")
    username_field = User._meta.get_field("username")
    try:
        for validator in username_field.validators:
            validator(username)
    except DjangoValidationError:
        raise _invalid("username", "用户名只能包含字母、数字及 @ . + - _，最多150个字符") from None
    if User.objects.filter(username__iexact=username).exists():
        raise _invalid("username", f"用户名{username}已存在")
    display_name = (display_name or "").strip()
    if not display_name:
        raise _invalid("display_name", "请填写姓名")
    if organisation is not None and not organisation.is_active:
        raise _invalid("organisation", "所属单位已停用")
    _check_grant(grantor, organisation, roles)
    candidate = User(username=username, display_name=display_name[:64], email=email, phone=phone[:20])
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        messages = [str(m) for m in exc.messages]
        raise ValidationError("；".join(messages), fields={"password": messages}) from None
    with transaction.atomic():
        user = User(
            username=username,
            display_name=display_name[:64],
            organisation=organisation,
            phone=phone[:20],
            email=email,
            is_staff=is_staff,
        )
        user.set_password(password)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
        audit_append(
            actor=actor,
            action="orgs.user.create",
            subject=user,
            payload={
                "username": username,
                "organisation": organisation.pk if organisation else None,
                "roles": sorted(r.code for r in roles),
            },
        )
    return user


def user_set_roles(*, actor: Actor, user: User, roles: Iterable[Role], grantor: Any = None) -> User:
    """Replace the user's roles by `roles`; the grantor must be able to grant every role that changes."""
    wanted = {role.pk: role for role in roles}
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        current = {ur.role_id: ur.role for ur in UserRole.objects.filter(user=locked).select_related("role")}
        added = [wanted[pk] for pk in wanted.keys() - current.keys()]
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        _check_grant(grantor, locked.organisation, [*added, *removed])
        UserRole.objects.filter(user=locked, role__in=removed).delete()
        UserRole.objects.bulk_create([UserRole(user=locked, role=role) for role in added])
        audit_append(
            actor=actor,
            action="orgs.user.set_roles",
            subject=locked,
            payload={"added": sorted(r.code for r in added), "removed": sorted(r.code for r in removed)},
        )
    forget_grants(user)
    return locked


def user_deactivate(*, actor: Actor, user: User, grantor: Any = None, reason: str = "") -> User:
    """停用 a login: it can no longer sign in, its API tokens are revoked; roles stay for the record."""
    if grantor is not None and grantor.pk == user.pk:
        raise ValidationError("不能停用自己的账号")
    with transaction.atomic():
        locked = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
        if grantor is not None:
            _check_grant(grantor, locked.organisation, [])
            if locked.is_superuser and not grantor.is_superuser:
                raise PermissionDenied("您无权停用该账号")
        if not locked.is_active:
            raise ValidationError("该账号已停用")
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        revoked = ApiToken.objects.filter(user=locked, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit_append(
            actor=actor,
            action="orgs.user.deactivate",
            subject=locked,
            payload={"reason": reason[:200], "tokens_revoked": revoked},
        )
    user.is_active = False
    forget_grants(user)
    return locked


USER_FIELDS = ("display_name", "phone", "email", "organisation", "is_staff", "is_superuser")


def user_update(*, actor: Actor, user: User, changes: dict[str, Any], grantor: Any = None) -> User:
    """Change a login's profile fields (not its password, roles or active flag: separate services)."""
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    if "display_name" in changes and not (changes["display_name"] or "").strip():
        raise _invalid("display_name", "请填写姓名")
    organisation = changes.get("organisation")
    if organisation is not None and not organisation.is_active:
        raise _invalid("organisation", "所属单位已停用")
    with transaction.atomic():
        locked = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
        if grantor is not None:
            _check_grant(grantor, locked.organisation, [])
            if "organisation" in changes:
                _check_grant(grantor, organisation, [])
            if {"is_staff", "is_superuser"} & set(changes) and not grantor.is_superuser:
                raise PermissionDenied("只有超级管理员可以修改管理后台权限")
        before = {f: getattr(locked, f"{f}_id" if f == "organisation" else f) for f in changes}
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        locked.save(update_fields=list(changes))
        after = {f: getattr(locked, f"{f}_id" if f == "organisation" else f) for f in changes}
        audit_append(
            actor=actor,
            action="orgs.user.update",
            subject=locked,
            payload={
                "before": {k: v for k, v in before.items() if after[k] != v},
                "after": {k: v for k, v in after.items() if before[k] != v},
            },
        )
    forget_grants(user)
    return locked


def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        messages = [str(m) for m in exc.messages]
        raise ValidationError("；".join(messages), fields={"password": messages}) from None
    with transaction.atomic():
        locked = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
        locked.set_password(password)
        locked.save(update_fields=["password"])
        audit_append(actor=actor, action="orgs.user.set_password", subject=locked)
    return locked


def user_activate(*, actor: Actor, user: User) -> User:
    with transaction.atomic():
        locked = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
        if locked.is_active:
            return locked
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        audit_append(actor=actor, action="orgs.user.activate", subject=locked)
    user.is_active = True
    forget_grants(user)
    return locked
