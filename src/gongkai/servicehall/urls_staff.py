"""Staff screens of the service hall, mounted at /staff/servicehall/."""

from django.urls import path

from gongkai.servicehall.views_staff import commitments, home, ratings, windows

app_name = "servicehall_staff"

urlpatterns = [
    path("", home.home, name="home"),
    path("commitments/", commitments.commitment_list, name="commitments"),
    path("commitments/new/", commitments.commitment_new, name="commitment_new"),
    path("commitments/<int:pk>/", commitments.commitment_edit, name="commitment"),
    path("commitments/<int:pk>/remove/", commitments.commitment_remove, name="commitment_remove"),
    path("windows/", windows.window_list, name="windows"),
    path("windows/new/", windows.window_new, name="window_new"),
    path("windows/<int:pk>/", windows.window_edit, name="window"),
    path("cards/new/", windows.card_new, name="card_new"),
    path("cards/<int:pk>/", windows.card_edit, name="card"),
    path("cards/<int:pk>/card.pdf", windows.card_pdf, name="card_pdf"),
    path("ratings/", ratings.rating_list, name="ratings"),
    path("cases/", ratings.case_list, name="cases"),
    path("cases/<int:pk>/", ratings.case_detail, name="case"),
    path("cases/<int:pk>/contact/", ratings.contact_reveal, name="contact"),
    path("cases/<int:pk>/do/<slug:action>/", ratings.case_action, name="case_action"),
]
