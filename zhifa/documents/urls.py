from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "documents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/pdf", views.document_pdf, name="pdf"),
    path("<int:pk>/docx", views.document_docx, name="docx"),
    path("<int:pk>/preview", views.document_preview, name="preview"),
    path("verify/", views.verify_upload, name="verify_upload"),
    path("verify/<str:token>", views.verify, name="verify"),
    path("phrases/", views.phrase_manage, name="phrases"),
    path("phrases/options", views.phrase_options, name="phrase_options"),
]
