from django.urls import URLPattern, path

from pacer.incentives import views

app_name = "incentives"
urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("team/", views.team, name="team"),
    path("statements/<int:pk>/", views.detail, name="detail"),
    path("compute/", views.compute, name="compute"),
    path("export.xlsx", views.export, name="export"),
    path("schemes/", views.schemes, name="schemes"),
]
