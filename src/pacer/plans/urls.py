from pacer.plans.web.read_urls import urlpatterns as read_urls
from pacer.plans.web.write_urls import urlpatterns as write_urls

app_name = "plans"
urlpatterns = [*read_urls, *write_urls]
