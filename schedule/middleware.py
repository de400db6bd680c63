"""Serve the latest released schedule from the cache before the rest of Django runs.

The schedule API is the address every attendee's phone polls during the event. Its answer
for the latest version is cached as (ETag, body) by the API view the first time it is
asked for (schedule/published.py) and forgotten when a new version is released; this
middleware, placed right after WhiteNoise, answers from that cache as cheaply as WhiteNoise
answers for a static file: no session, no user, no URL resolving, no DRF. Anything else
(another address, a query string, a cold cache) goes on to the view as usual, which
produces the same bytes and headers.
"""

import re

from . import published

_SCHEDULE = re.compile(r"^/api/v1/workshops/(?P<slug>[-a-zA-Z0-9_]+)/schedule/$")


class PublishedScheduleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.META.get("QUERY_STRING"):
            match = _SCHEDULE.match(request.path_info)
            if match is not None:
                hot = published.hot_response(match["slug"], "api-schedule")
                if hot is not None:
                    etag, body = hot
                    if published.matches(request, etag):
                        return published.not_modified(etag, published.LATEST_MAX_AGE)
                    response = published.public_response(
                        body,
                        etag=etag,
                        max_age=published.LATEST_MAX_AGE,
                        content_type="application/json",
                    )
                    response["Allow"] = "GET, HEAD, OPTIONS"  # as the DRF view says
                    return response
        return self.get_response(request)
