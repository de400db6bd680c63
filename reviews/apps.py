from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviewing"

    def ready(self):
        from . import signals  # noqa: F401
