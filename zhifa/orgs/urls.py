from django.urls import path

from .views import officers, organisations, regions, users

app_name = "orgs"

urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/export.csv", organisations.organisation_export, name="organisation_export"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("officers/", officers.officer_list, name="officer_list"),
    path("officers/export.csv", officers.officer_export, name="officer_export"),
    path("officers/<int:pk>/", officers.officer_detail, name="officer_detail"),
    path("regions/", regions.region_browser, name="region_browser"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create_view, name="user_create"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/deactivate/", users.user_deactivate_view, name="user_deactivate"),
    path("roles/", users.role_list_view, name="role_list"),
]
