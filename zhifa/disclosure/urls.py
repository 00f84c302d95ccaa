from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "disclosure"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.publication_list, name="list"),
    path("<int:pk>/", views.publication_detail, name="detail"),
    path("<int:pk>/correct/", views.publication_correct, name="correct"),
    path("<int:pk>/act/<slug:action>/", views.publication_act, name="act"),
]
urlpatterns += [path("export/", include("zhifa.disclosure.export.urls"))]  # 双公示导出
