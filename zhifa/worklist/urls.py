from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "worklist"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("tasks/<int:task_id>/claim", views.claim, name="claim"),
    path("approvals/<int:run_id>/", views.approval, name="approval"),
    path("approvals/<int:run_id>/decide", views.decide, name="decide"),
]
