import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from .fields import URLField
from .validators import validate_orcid, validate_visible_name


class UserManager(BaseUserManager):
    """Email is the login; it is stored lower-cased so that lookups need no case folding."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=email.strip().lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


def photo_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"photos/{secrets.token_urlsafe(16)}.{suffix}"


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(
        "full name", max_length=200, blank=True, validators=[validate_visible_name]
    )
    affiliation = models.CharField(max_length=200, blank=True, validators=[validate_visible_name])
    homepage = URLField(blank=True)
    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text="e.g. 0000-0002-1825-0097",
    )
    bio = models.TextField("short bio", blank=True, max_length=2000)
    photo = models.ImageField(upload_to=photo_path, blank=True)
    expertise = models.TextField(
        blank=True,
        help_text="Research areas and keywords, one per line or comma separated.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="people_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return (self.name.split() or [self.email])[0]
