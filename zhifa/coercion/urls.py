from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "coercion"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_create, name="create"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", views.measure_step, name="step"),
]
