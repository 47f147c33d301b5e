from django.urls import URLPattern, path

from pacer.forecasts import views, views_team, views_whatif

app_name = "forecasts"
urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("categories/<int:pk>/", views.category_update, name="category"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/adjust/", views_team.adjust, name="adjust"),
    path("moved/", views.moved, name="moved"),
    path("team/", views_team.team, name="team"),
    path("remind/", views_team.remind, name="remind"),
    path("finance/", views_team.finance, name="finance"),
    path("probability/", views_team.probability, name="probability"),
    path("what-if/", views_whatif.whatif, name="whatif"),
]
