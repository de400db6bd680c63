"""Hand a Celery task to the queue by its registered name.

Services queue tasks and tasks call services, so a service that imported its app's tasks
module to queue one would import its own caller back. Every app imports its tasks module
in its AppConfig.ready(), so each task is registered by the time anything runs; looking it
up by name, not `send_task`, keeps eager mode working (development without Redis, tests).
A name that is not registered raises KeyError: a typo fails loudly, not by never running."""

from celery import current_app
from celery.result import AsyncResult


def queue_task(name: str, *args) -> AsyncResult:
    """Queue the task called `name` (its `@shared_task(name=…)`) with `args`. Raises what
    the broker raises when it cannot be reached; the caller decides what waits."""
    return current_app.tasks[name].delay(*args)


def queue_tasks(name: str, many_args) -> None:
    """Queue the task called `name` once per tuple in `many_args`, over one producer (one
    broker connection) for the whole batch rather than one per message."""
    task = current_app.tasks[name]
    with task.app.producer_or_acquire() as producer:
        for args in many_args:
            task.apply_async(args, producer=producer)
