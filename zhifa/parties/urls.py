from django.urls import path

from . import views

app_name = "parties"

urlpatterns = [
    path("", views.party_list, name="list"),
    path("export.csv", views.party_export, name="export"),
    path("new/", views.party_create, name="create"),
    path("<int:pk>/", views.party_detail, name="detail"),
    path("<int:pk>/edit/", views.party_edit, name="edit"),
    path("<int:pk>/reveal/", views.party_reveal, name="reveal"),
]
