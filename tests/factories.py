from datetime import UTC, datetime

import factory
from allauth.account.models import EmailAddress

from people.models import User
from workshop.enums import RoleKind
from workshop.models import Role, Series, Topic, Workshop

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@uni{n}.example.edu")
    name = factory.Sequence(lambda n: f"Person {n}")
    affiliation = factory.Sequence(lambda n: f"University {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Verified primary email unless verified=False is passed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    slug = factory.Sequence(lambda n: f"workshop-{n}")
    name = factory.Sequence(lambda n: f"Workshop {n}")
    conference = "NeurIPS 2018"
    timezone = "America/Toronto"
    starts_at = datetime(2018, 12, 8, 13, 0, tzinfo=UTC)
    ends_at = datetime(2018, 12, 8, 23, 30, tzinfo=UTC)
    submissions_open_at = datetime(2018, 9, 1, 12, 0, tzinfo=UTC)
    submission_deadline = datetime(2018, 10, 27, 11, 59, tzinfo=UTC)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    workshop = factory.SubFactory(WorkshopFactory)
    user = factory.SubFactory(UserFactory)
    kind = RoleKind.ORGANIZER


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")
