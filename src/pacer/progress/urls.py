"""Progress pages: the overview tree, a node's progress, lead-source effectiveness."""

from django.urls import URLPattern, path

from pacer.progress import views

app_name = "progress"
urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("nodes/<int:node_id>/", views.node_detail, name="node"),
    path("sources/", views.sources, name="sources"),
]
