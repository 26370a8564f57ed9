from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "Petitions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import personal_data as registry

        from . import personal_data, signals

        signals.connect()

        registry.register(
            "petitions",
            export=personal_data.export_signatures,
            erase=personal_data.erase_signatures,
        )
