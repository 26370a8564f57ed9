from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from core import personal_data

        from . import account_data

        personal_data.register(
            "account", export=account_data.export_account, erase=account_data.erase_account
        )
