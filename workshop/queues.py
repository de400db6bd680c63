"""Which Celery queue each task goes to: mail deliveries apart from computations, so that a
long assignment or a fan-out of ten thousand mails never delays a password-reset mail.

    celery -A workshop worker -Q mail       # deliveries only: short, many, never stuck
    celery -A workshop worker -Q compute    # affinity, assignment, conflicts, mail fan-outs

A prefix (CELERY_QUEUE_PREFIX) names the queues of one deployment, or of one test, on a
shared Redis. A task not named here goes to the default queue, which is the compute queue.
"""

MAIL = "mail"
COMPUTE = "compute"

MAIL_TASKS = (
    "workshop.deliver_email",
    "workshop.requeue_stale_emails",
)
COMPUTE_TASKS = (
    "reviews.run_review_job",
    "reviews.refresh_paper_conflicts",
    "reviews.mail_assignments",
    "reviews.queue_decision_mails",
    "reviews.send_review_reminders",
    "reviews.send_discussion_digests",
)


def queue_names(prefix: str = "") -> tuple[str, str]:
    """(mail queue, compute queue) under `prefix`."""
    return f"{prefix}{MAIL}", f"{prefix}{COMPUTE}"


def task_routes(prefix: str = "") -> dict[str, dict[str, str]]:
    """CELERY_TASK_ROUTES: task name → queue."""
    mail, compute = queue_names(prefix)
    return {
        **{name: {"queue": mail} for name in MAIL_TASKS},
        **{name: {"queue": compute} for name in COMPUTE_TASKS},
    }
