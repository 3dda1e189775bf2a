from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/setup/", auth_views.LoginView.as_view(), name="otp_setup"),
    path("2fa/verify/", auth_views.LoginView.as_view(), name="otp_verify"),
]
