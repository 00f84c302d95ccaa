from django.urls import URLPattern, URLResolver, path

from . import plan_views, transfer_views, views

app_name = "inspections"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inspection_list, name="list"),
    path("mine/", views.my_inspections, name="mine"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/execute/", views.inspection_execute, name="execute"),
    path("<int:pk>/transfer/", transfer_views.inspection_transfer, name="transfer"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", plan_views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("plans/<int:pk>/dispatch/", views.plan_dispatch_view, name="plan_dispatch"),
    path("plans/<int:pk>/publish-draw/", views.plan_publish_draw, name="plan_publish_draw"),
    path("targets/", views.target_list, name="targets"),
    path("targets/<int:pk>/inspect/", plan_views.target_inspect, name="target_inspect"),
]
