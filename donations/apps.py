from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = "Donations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import health
        from core import personal_data as registry

        from . import personal_data
        from .health import stripe_backlog

        registry.register(
            "donations", export=personal_data.export_donor, erase=personal_data.erase_donor
        )
        health.register_backlog(
            "stripe",
            label="Stripe events",
            check=stripe_backlog,
            limit_setting="HEALTH_STRIPE_BACKLOG_MAX",
        )
