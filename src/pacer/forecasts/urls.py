from django.urls import URLPattern

app_name = "forecasts"
urlpatterns: list[URLPattern] = []
