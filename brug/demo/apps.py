from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo network: sits above every other app, which it fills through their
    own `demo.load(context)`; `core` imports none of it."""

    name = "brug.demo"
    label = "demo"
