from django.contrib import admin
from django.urls import include, path

from pacer.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("data/", include("pacer.exchange.urls")),
    path("plans/", include("pacer.plans.urls")),
    path("track/", include("pacer.progress.urls")),
    path("alerts/", include("pacer.alerts.urls")),
    path("reviews/", include("pacer.reviews.urls")),
    path("sla/", include("pacer.sla.urls")),
    path("adjustments/", include("pacer.adjustments.urls")),
    path("forecast/", include("pacer.forecasts.urls")),
    path("incentives/", include("pacer.incentives.urls")),
    path("audit/", include("pacer.audit.urls")),
    path("", include("pacer.web.urls")),
]
