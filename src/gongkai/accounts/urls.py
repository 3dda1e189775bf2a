from django.urls import path

from gongkai.accounts.views import auth, otp, staff

app_name = "accounts"

urlpatterns = [
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("password/", auth.password_change, name="password_change"),
    path("2fa/", otp.manage, name="otp_manage"),
    path("2fa/setup/", otp.setup, name="otp_setup"),
    path("2fa/verify/", otp.verify, name="otp_verify"),
    path("2fa/remove/", otp.remove, name="otp_remove"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/new/", staff.staff_create, name="staff_create"),
    path("staff/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/roles/grant/", staff.role_grant, name="role_grant"),
    path(
        "staff/<int:pk>/roles/<int:assignment_pk>/revoke/",
        staff.role_revoke,
        name="role_revoke",
    ),
    path("staff/<int:pk>/deactivate/", staff.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/reactivate/", staff.staff_reactivate, name="staff_reactivate"),
    path("staff/<int:pk>/password/", staff.staff_password, name="staff_password"),
    path("staff/<int:pk>/2fa/reset/", staff.staff_otp_reset, name="staff_otp_reset"),
]
