"""Mails to a paper's authors, through the outbox. Each has an idempotency key, so that a
retried request never mails twice."""

from django.db import transaction

from workshop.mail import queue_templated_email

from .models import PaperVersion, Routing, Submission


def _to_authors(submission: Submission, template_key: str, key: str, **context) -> None:
    def queue():
        for author in submission.authors.all():
            queue_templated_email(
                template_key=template_key,
                to=author.email,
                workshop=submission.workshop,
                related=submission,
                idempotency_key=f"{key}:{author.email}",
                context={"submission": submission, "author": author, **context},
            )

    # After commit: a rolled-back action mails nobody.
    transaction.on_commit(queue)


def submission_received(submission: Submission, version: PaperVersion) -> None:
    _to_authors(
        submission, "submission_received", f"submission:{submission.pk}:received", version=version
    )


def version_received(submission: Submission, version: PaperVersion) -> None:
    _to_authors(submission, "version_received", f"version:{version.pk}:received", version=version)


def camera_ready_received(submission: Submission, version: PaperVersion) -> None:
    _to_authors(
        submission, "camera_ready_received", f"version:{version.pk}:received", version=version
    )


def withdrawn(submission: Submission, by) -> None:
    _to_authors(submission, "submission_withdrawn", f"submission:{submission.pk}:withdrawn", by=by)


def routed(submission: Submission, routing: Routing) -> None:
    _to_authors(submission, "submission_routed", f"routing:{routing.pk}", routing=routing)
