"""Load the demo: the ML for Systems workshop (NeurIPS 2018) and friends.

The steps run in the order the apps stack up (workshops and people, papers, reviewing,
program), each idempotent, so running the command twice changes no row."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from demo import next_edition, papers, program, reviewing, workshops

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"
STEPS = (workshops, papers, reviewing, program, next_edition)


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo workshops, people, papers and program."

    def handle(self, *args, **options):
        # The demo's receipts and notices stay in the outbox (the admin shows them); printing
        # dozens of them to the console would bury the logins.
        quiet = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        quieter = override_settings(**(quiet if settings.EMAIL_BACKEND == CONSOLE_MAIL else {}))
        with quieter, transaction.atomic():
            for step in STEPS:
                step.load(self.stdout)
        workshops.print_logins(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
