from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "supporters"
    verbose_name = "Supporters"

    def ready(self) -> None:
        from core import personal_data as registry

        from . import personal_data, signals

        signals.connect()
        registry.register(
            "supporters", export=personal_data.export_contact, erase=personal_data.erase_contact
        )
