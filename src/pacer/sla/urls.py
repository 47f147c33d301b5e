from django.urls import path

from pacer.sla import views

app_name = "sla"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/respond/", views.request_respond, name="respond"),
]
