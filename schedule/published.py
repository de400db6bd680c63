"""Reading released versions fast: the version is found once, renderings are cached.

A rendering (the API's JSON, an iCal feed, frab XML …) of a released version never changes,
so it is cached under a key naming that version: a new release gets new keys and nothing
has to be invalidated, on this process or any other. Every public response carries an ETag
naming the version and answers a matching If-None-Match with 304.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

from .models import ScheduleRelease

# Bump when the shape of a cached rendering changes, so old entries are never served.
RENDER_FORMAT = 1
CACHE_SECONDS = 7 * 24 * 3600
LATEST_MAX_AGE = 60  # the latest version may be replaced by a release at any time
VERSION_MAX_AGE = 24 * 3600  # an explicitly numbered version never changes
POINTER_SECONDS = LATEST_MAX_AGE
# Renderings of the latest version that schedule.middleware may serve early.
HOT = ("api-schedule",)


@dataclass(frozen=True)
class ReleaseRef:
    pk: int
    number: int
    released_at: datetime
    workshop_id: int
    latest: bool  # asked for as "the latest version" (not by number)

    @property
    def tag(self) -> str:
        # The id alone could be reused by SQLite after a deletion; the time cannot.
        site = hashlib.sha256(settings.SITE_URL.encode()).hexdigest()[:8]
        return f"{RENDER_FORMAT}-{self.pk}-{self.number}-{int(self.released_at.timestamp())}-{site}"


def _pointer_key(slug: str, version: int | None) -> str:
    return f"schedule:release:{RENDER_FORMAT}:{slug}:{version or 'latest'}"


def find_release(slug: str, version: int | None = None) -> ReleaseRef | None:
    """The latest (or the numbered) released version of a workshop: one query, or none
    while the answer is cached. A release forgets the "latest" answer when it commits
    (`forget_latest`); a cache private to each process (no Redis) may lag behind for at
    most POINTER_SECONDS, as long as browsers may keep the response anyway."""
    key = _pointer_key(slug, version)
    row = cache.get(key)
    if row is None:
        releases = ScheduleRelease.objects.filter(workshop__slug=slug)
        if version is not None:
            releases = releases.filter(number=version)
        row = (
            releases.order_by("-number")
            .values_list("pk", "number", "released_at", "workshop_id")
            .first()
        )
        if row is None:
            return None  # not cached: the first release must show at once
        cache.set(key, tuple(row), POINTER_SECONDS)
    return ReleaseRef(*row, latest=version is None)


def _hot_key(slug: str, what: str) -> str:
    return f"schedule:hot:{RENDER_FORMAT}:{what}:{slug}"


# A second, process-local level in front of the shared cache for the hottest answer: a
# Redis round trip costs more than the rest of the early answer. Another process may serve
# the previous version for at most LOCAL_SECONDS after a release (clients may keep it for
# LATEST_MAX_AGE anyway); the releasing process forgets at once.
LOCAL_SECONDS = 2.0
_local: dict[str, tuple[float, tuple[str, bytes]]] = {}


def forget_latest(slug: str) -> None:
    hot = [_hot_key(slug, what) for what in HOT]
    for key in hot:
        _local.pop(key, None)
    cache.delete_many([_pointer_key(slug, None), *hot])


def hot_response(slug: str, what: str) -> tuple[str, bytes] | None:
    """(ETag, body) of the latest version's rendering, if a request has cached it: what
    schedule.middleware serves without going further into Django."""
    key = _hot_key(slug, what)
    now = time.monotonic()
    local = _local.get(key)
    if local is not None and local[0] > now:
        return local[1]
    value = cache.get(key)
    if value is None:
        _local.pop(key, None)
    else:
        _local[key] = (now + LOCAL_SECONDS, value)
    return value


def _remember_hot(slug: str, what: str, etag: str, body: bytes) -> None:
    key = _hot_key(slug, what)
    cache.set(key, (etag, body), POINTER_SECONDS)
    _local[key] = (time.monotonic() + LOCAL_SECONDS, (etag, body))


def snapshot_of(ref: ReleaseRef) -> dict:
    key = f"schedule:snapshot:{ref.tag}"
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = ScheduleRelease.objects.values_list("snapshot", flat=True).get(pk=ref.pk)
        cache.set(key, snapshot, CACHE_SECONDS)
    return snapshot


def rendering(ref: ReleaseRef, what: str, build: Callable[[dict], bytes]) -> bytes:
    """`build(snapshot)` for this version, computed once and then served from the cache."""
    key = f"schedule:{what}:{ref.tag}"
    body = cache.get(key)
    if body is None:
        body = build(snapshot_of(ref))
        cache.set(key, body, CACHE_SECONDS)
    return body


def etag_for(ref: ReleaseRef, what: str) -> str:
    return f'"{what}-{ref.tag}"'


def content_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(request, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match on GET."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    if tags == ["*"]:
        return True
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


def cache_headers(response: HttpResponse, *, etag: str, max_age: int) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def not_modified(etag: str, max_age: int) -> HttpResponse:
    return cache_headers(HttpResponseNotModified(), etag=etag, max_age=max_age)


def max_age_of(ref: ReleaseRef) -> int:
    return LATEST_MAX_AGE if ref.latest else VERSION_MAX_AGE


def respond(
    request,
    ref: ReleaseRef,
    what: str,
    build: Callable[[dict], bytes],
    *,
    content_type: str,
    filename: str = "",
) -> HttpResponse:
    """A cached rendering of a version, or 304 when the client has it already."""
    etag = etag_for(ref, what)
    max_age = max_age_of(ref)
    if matches(request, etag):
        return not_modified(etag, max_age)
    body = rendering(ref, what, build)
    if ref.latest and what in HOT:
        cache.set(
            _hot_key(request.resolver_match.kwargs["slug"], what), (etag, body), POINTER_SECONDS
        )
    return public_response(
        body, etag=etag, max_age=max_age, content_type=content_type, filename=filename
    )


def public_response(
    body: bytes, *, etag: str, max_age: int, content_type: str, filename: str = ""
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return cache_headers(response, etag=etag, max_age=max_age)
