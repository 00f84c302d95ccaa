from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "inspections"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inspection_list, name="list"),
    path("mine/", views.my_inspections, name="mine"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/execute/", views.inspection_execute, name="execute"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("plans/<int:pk>/dispatch/", views.plan_dispatch_view, name="plan_dispatch"),
    path("targets/", views.target_list, name="targets"),
]
