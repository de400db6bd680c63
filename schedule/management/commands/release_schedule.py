"""Release a workshop's program from the command line (what the admin's "Release" does).

    manage.py release_schedule ml-for-systems-2018 --by organizer@example.org
    manage.py release_schedule ml-for-systems-2018 --by organizer@example.org --check

The warnings are printed first; --check stops there and shows what would change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.models import User
from schedule import services
from schedule.queries import latest_release
from schedule.snapshot import build_snapshot, changelog
from workshop.models import Workshop


class Command(BaseCommand):
    help = "Release the draft program of a workshop as its next numbered version."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--by", required=True, help="Email address of an organizer.")
        parser.add_argument("--comment", default="", help="Shown with the version's changes.")
        parser.add_argument("--check", action="store_true", help="Only show warnings and changes.")

    def handle(self, slug, by, comment, check, **options):
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None:
            raise CommandError(f"There is no workshop “{slug}”.")
        user = User.objects.filter(email__iexact=by).first()
        if user is None:
            raise CommandError(f"There is no account for {by}.")
        for warning in services.program_warnings(workshop):
            self.stdout.write(self.style.WARNING(f"Warning: {warning.message}"))
        previous = latest_release(workshop)
        changes = changelog(previous.snapshot if previous else None, build_snapshot(workshop))
        for kind in ("added", "moved", "changed", "cancelled"):
            for entry in changes[kind]:
                self.stdout.write(f"{kind.capitalize()}: {entry['title']}")
        if check:
            return
        try:
            release = services.release_schedule(workshop=workshop, by=user, comment=comment)
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(" ".join(messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Released version {release.number} of {slug}."))
