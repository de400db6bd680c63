"""Wrong passwords slow down the address they come from, never the account they aim at.

Counting per account would let anyone who knows an email address lock its owner out. So
each network address (an IPv4 address, an IPv6 /64) gets a few free wrong passwords, then
waits longer and longer before it may try again (2 s, 4 s, 8 s … at most an hour); its
count is forgotten after six quiet hours. The owner keeps logging in from their own address
and is told by mail, once a day at most, when their account sees a burst of wrong
passwords (the `login_failures_burst` signal; workshop sends the mail through the outbox).

The login form (workshop.accounts) and the API token view ask `seconds_to_wait` before
they check a password; every failed `authenticate()` is counted through Django's
`user_login_failed` signal, so both are counted alike. State lives in the cache (Redis in
production), shared by every worker.
"""

import hashlib
import ipaddress
import math
import time

import django.dispatch
from allauth.account.adapter import get_adapter
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

FREE_FAILURES = 10  # wrong passwords from one address before it has to wait
FIRST_WAIT = 2  # seconds after the first failure past the free ones; doubles each time
LONGEST_WAIT = 3600
FORGET_ADDRESS_AFTER = 6 * 3600  # seconds without a failure
ACCOUNT_BURST = 10  # wrong passwords for one account within ACCOUNT_WINDOW: tell its owner
ACCOUNT_WINDOW = 3600

# Sent once per burst with user, failures (the count) and address (the last one).
login_failures_burst = django.dispatch.Signal()


def client_address(request) -> str:
    """The client's address as allauth sees it (ALLAUTH_TRUSTED_PROXY_COUNT behind a
    proxy); IPv6 reduced to its /64, which one machine usually owns whole."""
    raw = get_adapter().get_client_ip(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _keys(address: str) -> tuple[str, str]:
    digest = _digest(address)
    return f"login-failures:address:{digest}", f"login-failures:wait:{digest}"


def seconds_to_wait(request) -> int:
    """How long this request's address must wait before its next password is checked."""
    until = cache.get(_keys(client_address(request))[1])
    return max(0, math.ceil(until - time.time())) if until else 0


def wait_message(seconds: int) -> str:
    span = f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
    return (
        f"Too many wrong passwords came from your network. Wait {span} before you try "
        "again, or reset your password."
    )


def _count(key: str, window: int) -> int:
    """Add one to a counter that expires `window` seconds after its last change."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    cache.touch(key, window)
    return count


def record_failure(request, email: str = "") -> int:
    """Count one wrong password; returns the seconds the address must now wait."""
    address = client_address(request)
    count_key, wait_key = _keys(address)
    failures = _count(count_key, FORGET_ADDRESS_AFTER)
    wait = 0
    if failures > FREE_FAILURES:
        wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(failures - FREE_FAILURES - 1, 20))
        cache.set(wait_key, time.time() + wait, wait)
    if email:
        _count_for_account(email.strip().lower(), address)
    return wait


def _count_for_account(email: str, address: str) -> None:
    failures = _count(f"login-failures:account:{_digest(email)}", ACCOUNT_WINDOW)
    if failures != ACCOUNT_BURST:
        return
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        login_failures_burst.send(
            sender=__name__, user=user, failures=failures, address=address
        )


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    """Every failed authenticate() with a request: the login form and the token view."""
    if request is not None:
        record_failure(request, credentials.get("email") or credentials.get("username") or "")
