"""Read pages of plans (namespace ``plans``): list, target setting, grid, math, person."""

from django.urls import URLPattern, path

from pacer.plans.web import read_views

urlpatterns: list[URLPattern] = [
    path("", read_views.plan_list, name="list"),
    path("target/", read_views.target, name="target"),
    path("<int:pk>/", read_views.plan_detail, name="detail"),
    path("<int:pk>/rows/<int:node_id>/", read_views.plan_rows, name="rows"),
    path("<int:pk>/math/<int:node_id>/", read_views.plan_math, name="math"),
    path("<int:pk>/people/<int:person_id>/", read_views.plan_person, name="person"),
]
