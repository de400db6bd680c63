from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviewing"

    def ready(self):
        # Signals connect on import; tasks register the names services queue them by
        # (workshop.queueing).
        from . import signals, tasks  # noqa: F401
