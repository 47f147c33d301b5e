from django.urls import path

from pacer.adjustments import views

app_name = "adjustments"
urlpatterns = [
    path("", views.adjustment_list, name="list"),
    path("<int:pk>/", views.adjustment_detail, name="detail"),
    path("<int:pk>/decide/", views.adjustment_decide, name="decide"),
]
