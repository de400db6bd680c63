"""allauth adapter: account mails (verification, password reset, …) go through the outbox
like every other email, so they are retried, visible to organizers and never lost; and an
address that sent too many wrong passwords waits before its next one is checked
(people.login_throttle), whose owner is told by mail of a burst of failures."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import strip_tags

from people import login_throttle

from .mail import queue_email, queue_templated_email


class OutboxAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        if message.content_subtype == "html":
            html_body, text_body = message.body, strip_tags(message.body)
        else:
            text_body = message.body
            html_body = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
        queue_email(
            to=email,
            subject=message.subject,
            text_body=text_body,
            html_body=html_body,
            template_key=f"account:{template_prefix.rsplit('/', 1)[-1]}",
            idempotency_key=f"account:{uuid.uuid4()}",
        )

    def pre_authenticate(self, request, **credentials):
        wait = login_throttle.seconds_to_wait(request)
        if wait:
            raise forms.ValidationError(login_throttle.wait_message(wait))
        super().pre_authenticate(request, **credentials)


@receiver(login_throttle.login_failures_burst)
def tell_the_owner_of_failed_logins(sender, user, failures, address, **kwargs):
    """One mail a day at most: an attack that goes on should not flood the owner."""
    today = timezone.now().date().isoformat()
    queue_templated_email(
        template_key="failed_logins",
        to=user.email,
        context={"user": user, "failures": failures, "address": address},
        idempotency_key=f"failed-logins:{user.pk}:{today}",
    )
