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


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submitted paper without a PDF; use submissions.services to upload versions."""

    class Meta:
        model = "submissions.Submission"

    workshop = factory.SubFactory(WorkshopFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Learning to optimise system {n}")
    abstract = "We learn a policy that replaces a hand-written heuristic."
    status = "submitted"
    submitted_at = datetime(2018, 10, 20, 12, 0, tzinfo=UTC)
    created_by = factory.SubFactory(UserFactory)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "submissions.Author"

    submission = factory.SubFactory(SubmissionFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.LazyAttribute(lambda a: a.user.name if a.user else "An Author")
    email = factory.LazyAttribute(lambda a: a.user.email if a.user else "someone@example.org")
    affiliation = factory.LazyAttribute(lambda a: a.user.affiliation if a.user else "")
    user = None
