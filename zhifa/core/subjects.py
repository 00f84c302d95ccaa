"""Explicit registry of *subjects*: the records (a penalty case, a clue, an inspection …) that lower
infrastructure apps — documents, evidence, worklist — attach rows to without importing them
(ARCHITECTURE §3: apps depend downwards; hooks, not signals).

A subject is referred to by its label (`"cases.case"`, the model's `_meta.label_lower`) and its
primary key. The app that owns the subject registers, in its `AppConfig.ready()`, how a user
reaches one (`access`: fetch **and** authorise, raising NotFound when missing or out of scope,
PermissionDenied when the user may read but not write) and how it reads for people (`describe`).

    register_subject("cases.case", access=case_access_for_subject, describe=case_describe)

    case = access_subject(user, "cases.case", 42, write=True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from .errors import NotFound

AccessFn = Callable[..., models.Model]  # access(user, pk, *, write: bool) -> model instance
DescribeFn = Callable[[models.Model], str]


@dataclass(frozen=True)
class SubjectKind:
    label: str
    access: AccessFn
    describe: DescribeFn
    url: Callable[[models.Model], str] | None = None


_SUBJECTS: dict[str, SubjectKind] = {}


def register_subject(
    label: str,
    *,
    access: AccessFn,
    describe: DescribeFn = str,
    url: Callable[[models.Model], str] | None = None,
) -> SubjectKind:
    kind = SubjectKind(label=label, access=access, describe=describe, url=url)
    _SUBJECTS[label] = kind
    return kind


def subject_kind(label: str) -> SubjectKind:
    try:
        return _SUBJECTS[label]
    except KeyError:
        raise NotFound() from None  # fail closed: an unknown kind is nothing anyone may reach


def subject_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def access_subject(user: Any, label: str, pk: Any, *, write: bool = False) -> models.Model:
    """The subject `label`/`pk` if `user` may read it (or write to it with `write=True`)."""
    return subject_kind(label).access(user, pk, write=write)


def registered_subjects() -> tuple[str, ...]:
    return tuple(sorted(_SUBJECTS))
