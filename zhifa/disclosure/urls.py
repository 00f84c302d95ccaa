from django.urls import URLPattern, URLResolver, include, path

app_name = "disclosure"

urlpatterns: list[URLPattern | URLResolver] = []
urlpatterns += [path("export/", include("zhifa.disclosure.export.urls"))]  # 双公示导出
