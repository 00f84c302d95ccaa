from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "evidence"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/", views.evidence_detail, name="detail"),
    path("<int:pk>/custody/", views.evidence_custody, name="custody"),
    path("<int:pk>/files/", views.evidence_files_add, name="files_add"),
    path("<int:pk>/exclude/", views.evidence_exclude_view, name="exclude"),
    path("file/<int:pk>/", views.evidence_file, name="file"),
    path("file/<int:pk>/preview", views.evidence_file_preview, name="file_preview"),
    path("file/<int:pk>/verify/", views.evidence_file_check, name="file_verify"),
    path("<str:subject_type>/<int:subject_id>/", views.evidence_list, name="list"),
]
