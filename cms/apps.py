from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site and pages"

    def ready(self) -> None:
        from . import signals

        signals.connect()
