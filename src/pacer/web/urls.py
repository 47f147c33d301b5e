from django.contrib.auth import views as auth_views
from django.urls import path

from pacer.web import views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_person_language, name="set_person_language"),
    path("projects/open/", views.open_projects, name="open_projects"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("", views.home, name="home"),
]
