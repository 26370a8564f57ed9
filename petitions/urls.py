from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("petitions/<int:petition_id>/sign/", views.sign, name="sign"),
    path("petitions/<int:petition_id>/check-email/", views.check_email, name="check_email"),
    path(
        "petitions/<int:petition_id>/check-email/<str:code>/",
        views.check_email,
        name="check_email_share",
    ),
    path("petitions/<int:petition_id>/resend/", views.resend, name="resend"),
    path("petitions/<int:petition_id>/count.json", views.count, name="count"),
    path("petitions/<int:petition_id>/widget/", views.widget, name="widget"),
    path("petitions/<int:petition_id>/history.json", views.history_json, name="history_json"),
    path("petitions/<int:petition_id>/history.csv", views.history_csv, name="history_csv"),
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
]
