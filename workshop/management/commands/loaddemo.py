"""Load the demo: the ML for Systems workshop (NeurIPS 2018) and friends.

Each app that has demo data provides `<app>/demo.py` with `load(out) -> None`; they run in
INSTALLED_APPS order (people before workshop before submissions …), each idempotent, so
running the command twice changes no row."""

import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from workshop.demo import print_logins

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo workshops, people, papers and program."

    def handle(self, *args, **options):
        # The demo's receipts and notices stay in the outbox (the admin shows them); printing
        # dozens of them to the console would bury the logins.
        quiet = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        quieter = override_settings(**(quiet if settings.EMAIL_BACKEND == CONSOLE_MAIL else {}))
        with quieter, transaction.atomic():
            for app in apps.get_app_configs():
                module_name = f"{app.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).load(self.stdout)
        print_logins(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
