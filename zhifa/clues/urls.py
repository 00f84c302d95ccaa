from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "clues"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.clue_list, name="list"),
    path("new/", views.clue_new, name="new"),
    path("stats/", views.clue_stats, name="stats"),
    path("<int:pk>/", views.clue_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.clue_action, name="action"),
]
