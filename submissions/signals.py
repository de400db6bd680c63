from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import link_verified_email


@receiver(email_confirmed)
def link_papers_to_verified_email(request, email_address, **kwargs):
    """A co-author who signs up later sees the papers that list the address they verified."""
    link_verified_email(user=email_address.user, email=email_address.email)
