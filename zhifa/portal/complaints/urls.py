from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "complaints"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.complaint_form, name="form"),
    path("districts.geojson", views.districts_geojson, name="districts"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.rate, name="rate"),
    path("staff/photos/<int:pk>/", views.staff_photo, name="staff_photo"),
]
