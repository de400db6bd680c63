"""Schemathesis hooks for fuzzing the API (SCHEMATHESIS_HOOKS=tests/workshop/api_fuzz_hooks.py).

Loaded by the schemathesis process, not by pytest, and free of Django:

- a check of ours: every error is JSON with a sentence, {"detail": "…"} or {"field": ["…"]};
- real path parameters (API_FUZZ_KNOWN_PATHS, a JSON list of {slug, id, version_pk} dicts)
  mixed into the generated ones, so operations also meet workshops and papers that exist
  instead of answering 404 to nearly every made-up slug.
"""

import json
import os
import re

import schemathesis
from hypothesis import strategies as st

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
KNOWN = json.loads(os.environ.get("API_FUZZ_KNOWN_PATHS", "[]"))


@schemathesis.check
def error_is_a_json_sentence(ctx, response, case):
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    if not content_type.startswith("application/json"):
        raise AssertionError(f"An error answered as {content_type or 'no content type'}.")
    body = response.json()
    if not isinstance(body, dict) or not body:
        raise AssertionError(f"An error body that is not an object: {body!r}.")
    if set(body) == {"detail"}:
        sentences = [body["detail"]]
    elif all(isinstance(value, list) for value in body.values()):
        sentences = [sentence for value in body.values() for sentence in value]
    else:
        raise AssertionError(f"An error of neither shape: {body!r}.")
    if not sentences or not all(isinstance(s, str) and s.strip() for s in sentences):
        raise AssertionError(f"An error without a sentence: {body!r}.")
    return True


def _routable(parameters: dict) -> bool:
    """Values the app would route (a slug, whole numbers): negative data is left alone."""
    for name, value in parameters.items():
        if name == "slug":
            if not (isinstance(value, str) and SLUG.match(value)):
                return False
        elif not (isinstance(value, int) and not isinstance(value, bool)):
            return False
    return True


@schemathesis.hook
def flatmap_path_parameters(context, parameters):
    if not parameters:  # None for an operation without path parameters, in negative mode
        return st.just(parameters)
    real = [known for known in KNOWN if set(known) == set(parameters)]
    if not real or not _routable(parameters):
        return st.just(parameters)
    return st.sampled_from([parameters, *real])
