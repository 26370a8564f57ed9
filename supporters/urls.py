from django.urls import path

from . import api, views

app_name = "supporters"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/check-your-email/", views.register_done, name="register_done"),
    path("account/", views.account, name="account"),
    path("account/<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("account/<int:pk>/withdraw/", views.organisation_withdraw_view, name="withdraw"),
    path("organisations.json", api.organisations_json, name="json"),
]
