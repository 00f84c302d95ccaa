from django.urls import URLPattern, URLResolver

from .views import laws as law_views

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = [
    *law_views.urlpatterns,
]
