from django.db import models


class URLField(models.URLField):
    """A URL field whose form assumes https:// for a bare domain (Django 6's default)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
