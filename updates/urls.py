from django.urls import path

from . import views

app_name = "updates"

# Full paths: these sit beside the Wagtail page tree (the /updates/ page is a page).
urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/thanks/", views.subscribe_done, name="subscribe_done"),
    path("webhooks/mailchimp/<str:secret>/", views.mailchimp_webhook, name="mailchimp_webhook"),
]
