from django.urls import URLPattern, path

from pacer.plans.web import write_views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/versions/", write_views.versions, name="versions"),
    path("<int:pk>/approve/", write_views.approve, name="approve"),
    path("<int:pk>/revise/", write_views.revise, name="revise"),
    path("<int:pk>/nodes/<int:node_id>/edit/", write_views.node_edit, name="node_edit"),
    path("<int:pk>/nodes/<int:node_id>/move/", write_views.node_move, name="node_move"),
    path("<int:pk>/scenarios/", write_views.scenarios, name="scenarios"),
    path("compare/<int:a>/<int:b>/", write_views.scenario_compare_page, name="scenario_compare"),
]
