from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "cases"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("legal-review/", views.legal_review_queue, name="legal_review"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.case_act, name="act"),
]
