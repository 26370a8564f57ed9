from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content of every app (`manage.py load_demo_content`).

    The top layer: it may import any app, and nothing imports it.
    """

    name = "demo"
    verbose_name = "Demo content"
