from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "updates"
    verbose_name = "Updates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import health
        from core import personal_data as registry

        from . import personal_data, signals
        from .health import mailchimp_backlog

        registry.register(
            "updates", export=personal_data.export_subscriber, erase=personal_data.erase_subscriber
        )
        signals.connect()
        health.register_backlog(
            "mailchimp",
            label="Mailchimp sync",
            check=mailchimp_backlog,
            limit_setting="HEALTH_MAILCHIMP_BACKLOG_MAX",
        )
