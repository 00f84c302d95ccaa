from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "transfers"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.transfer_list, name="list"),
    path("new/", views.transfer_create, name="create"),
    path("<int:pk>/", views.transfer_detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", views.transfer_step, name="step"),
]
