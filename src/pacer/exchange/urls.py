from django.urls import path

from pacer.exchange import views

app_name = "exchange"
urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("export/", views.export, name="export"),
    path("template/", views.template, name="template"),
]
