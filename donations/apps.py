from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = "Donations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import personal_data as registry

        from . import personal_data

        registry.register(
            "donations", export=personal_data.export_donor, erase=personal_data.erase_donor
        )
