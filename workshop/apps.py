from django.apps import AppConfig


class WorkshopConfig(AppConfig):
    name = "workshop"

    def ready(self):
        from . import (
            accounts,  # noqa: F401 — tells owners of failed-login bursts by mail
            tasks,  # noqa: F401  registers the tasks queued by name (queueing.py)
        )
