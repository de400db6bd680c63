from django.apps import AppConfig


class WorkshopConfig(AppConfig):
    name = "workshop"

    def ready(self):
        from . import tasks  # noqa: F401  registers the tasks queued by name (queueing.py)
