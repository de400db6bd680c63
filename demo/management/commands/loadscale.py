"""Fill the database with a conference at full size for load tests and benches:

    python manage.py loadscale --papers 15000 --reviewers 10000

The workshop (`--slug`, default neurips-scale) is removed and built again, so running the
command twice leaves the same rows. See demo/scale.py for what is made."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo import scale


class Command(BaseCommand):
    help = "Create (again) a conference at full size for load tests: papers, pool, reviews."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default=scale.Plan.slug)
        parser.add_argument("--papers", type=int, default=scale.Plan.papers)
        parser.add_argument("--reviewers", type=int, default=scale.Plan.reviewers)
        parser.add_argument("--k", type=int, default=scale.Plan.k, help="reviews per paper")
        parser.add_argument(
            "--affinities-per-paper", type=int, default=scale.Plan.affinities_per_paper
        )
        parser.add_argument("--bids-per-reviewer", type=int, default=scale.Plan.bids_per_reviewer)
        parser.add_argument("--seed", type=int, default=scale.Plan.seed)

    def handle(self, *args, **options):
        plan = scale.Plan(
            slug=options["slug"],
            papers=options["papers"],
            reviewers=options["reviewers"],
            k=options["k"],
            affinities_per_paper=options["affinities_per_paper"],
            bids_per_reviewer=options["bids_per_reviewer"],
            seed=options["seed"],
        )
        if plan.papers < 1 or plan.k < 1:
            raise CommandError("--papers and --k must be at least 1.")
        started = time.perf_counter()
        self.stdout.write(
            f"Building /{plan.slug}/: {plan.papers} papers, {plan.reviewers} reviewers, "
            f"k = {plan.k}"
        )
        try:
            scale.build(plan, self.stdout)
        except ValueError as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"/{plan.slug}/ is ready in {time.perf_counter() - started:.0f} s; every "
                f"account's password is {scale.PASSWORD!r}, the organizer is "
                f"{plan.email('organizer')}."
            )
        )
