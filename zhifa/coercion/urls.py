from django.urls import URLPattern, URLResolver, path

from . import views, views_enforcement

app_name = "coercion"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_create, name="create"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", views.measure_step, name="step"),
    path("cases/", views_enforcement.coercion_case_list, name="cases"),
    path("enforcements/new/", views_enforcement.enforcement_create, name="enforcement_create"),
    path("enforcements/<int:pk>/", views_enforcement.enforcement_detail, name="enforcement_detail"),
    path(
        "enforcements/<int:pk>/step/<slug:step>/", views_enforcement.enforcement_step, name="enforcement_step"
    ),
]
