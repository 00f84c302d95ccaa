"""Routes of the 双公示 export, included at /disclosure/export/ (namespace disclosure:export)."""

from django.urls import URLPattern, URLResolver, path, re_path

from . import views

app_name = "export"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.export_index, name="index"),
    re_path(r"^download\.(?P<fmt>csv|json)$", views.export_download, name="download"),
    path("report.csv", views.export_report, name="report"),
]
