"""The public portal at /gs/ (no login, GET only): 执法公示查询 and the 事前公开 pages."""

from django.urls import URLPattern, URLResolver, path

from .views import publications, publicity

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", publications.publication_list, name="publications"),
    path("publications/<int:pk>/", publications.publication_detail, name="publication_detail"),
    path("subjects/", publicity.subject_list, name="subjects"),
    path("officers/", publicity.officer_list, name="officers"),
    path("officers/verify/", publicity.officer_verify, name="officer_verify"),
    path("powers/", publicity.power_list, name="powers"),
    path("powers/<int:pk>/", publicity.power_detail, name="power_detail"),
    path("discretion/", publicity.discretion_list, name="discretion"),
    path("discretion/<int:pk>/", publicity.discretion_detail, name="discretion_detail"),
    path("plans/", publicity.plan_list, name="plans"),
    path("plans/<int:pk>/", publicity.plan_detail, name="plan_detail"),
]
