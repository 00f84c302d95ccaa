from django.urls import URLPattern, URLResolver

from .views import discretion as discretion_views
from .views import laws as law_views
from .views import powers as power_views

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = [
    *law_views.urlpatterns,
    *power_views.urlpatterns,
    *discretion_views.urlpatterns,
]
