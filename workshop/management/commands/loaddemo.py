"""Load the demo: the ML for Systems workshop (NeurIPS 2018) and friends.

Each app that has demo data provides `<app>/demo.py` with `load(out) -> None`; they run in
INSTALLED_APPS order (people before workshop before submissions …), each idempotent, so
running the command twice changes no row."""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo workshops, people, papers and program."

    def handle(self, *args, **options):
        with transaction.atomic():
            for app in apps.get_app_configs():
                module_name = f"{app.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
