from django.urls import URLPattern

app_name = "incentives"
urlpatterns: list[URLPattern] = []
