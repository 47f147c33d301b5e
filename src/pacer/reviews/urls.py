from django.urls import path

from pacer.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("generate/", views.review_create, name="generate"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/regenerate/", views.review_regenerate, name="regenerate"),
    path("<int:pk>/print/", views.review_print, name="print"),
    path("<int:pk>/export.xlsx", views.review_export_view, name="export"),
]
