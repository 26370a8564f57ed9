from django.urls import path

from . import views

app_name = "donations"

# Full paths: these sit beside Wagtail's pages (the donate page itself is one, at /donate/).
urlpatterns = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("donations/manage/<str:token>/", views.manage_monthly, name="manage"),
]
