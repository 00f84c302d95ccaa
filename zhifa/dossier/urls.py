from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "dossier"

urlpatterns: list[URLPattern | URLResolver] = [
    path("model-cases/", views.model_case_list, name="model_cases"),
    path("qr/<str:subject_type>/<int:subject_id>.svg", views.dossier_qr, name="qr"),
    path("<str:subject_type>/<int:subject_id>/", views.dossier_detail, name="detail"),
    path("<str:subject_type>/<int:subject_id>/label/", views.dossier_label, name="label"),
    path("<str:subject_type>/<int:subject_id>/model-case/", views.model_case_mark_view, name="model_case"),
    path(
        "<str:subject_type>/<int:subject_id>/<str:volume>/<str:which>.<str:fmt>",
        views.dossier_download,
        name="download",
    ),
]
