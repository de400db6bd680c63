"""allauth adapter: account mails (verification, password reset, …) go through the outbox
like every other email, so they are retried, visible to organizers and never lost."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.html import strip_tags

from .mail import queue_email


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
