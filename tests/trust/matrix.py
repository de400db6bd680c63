"""Asking one URL's row of the matrix: GET as every persona, then every write the table lists
for it. An HTML page posts the form it shows (the persona's own, or the first persona's who
has it, so that strangers post a real form too); an API endpoint gets the body below.

The permission matrix checks the answers' statuses; the blindness test reads their bodies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .walk import Answer, Form, Route, ask, form_data, form_target, post_forms

AUTHOR = {"name": "Ada Author", "email": "ada@uni.example.edu", "affiliation": ""}

# What each API write sends: ("json", body) or ("form", fields) for multipart endpoints.
API_WRITES: dict[str, tuple[str, dict]] = {
    "api-token": ("json", {"email": AUTHOR["email"], "password": "not-the-password"}),
    "api-submissions": (
        "json",
        {"title": "A draft from the API", "abstract": "An abstract.", "authors": [AUTHOR]},
    ),
    "api-submission": ("json", {"title": "Retitled through the API"}),
    "api-submission-withdraw": ("json", {}),
    "api-submission-camera-ready": ("form", {}),
    "api-reviewing-bid": ("json", {"preference": "willing"}),
    "api-reviewing-review": ("json", {"summary": "A draft through the API."}),
}


@dataclass
class RowAnswers:
    answers: dict[tuple[str, str], Answer]  # (method, persona) -> answer
    forms: dict[str, list[Form]]  # persona -> the POST forms on the page they were given


def _own_form(forms: list[Form], path: str) -> Form | None:
    return next((form for form in forms if form_target(form, path) == path), None)


def walk_row(
    route: Route, path: str, sessions: Mapping[str, str | None], writes: Iterable[str]
) -> RowAnswers:
    """Every cell of the row for the personas in `sessions`, each in its own transaction."""
    answers, forms = {}, {}
    for persona, session in sessions.items():
        answer = ask(session, "GET", path)
        answers["GET", persona] = answer
        if answer.outcome == "200" and answer.content_type.startswith("text/html"):
            forms[persona] = post_forms(answer.body.decode())
    anyones = next((f for f in (_own_form(fs, path) for fs in forms.values()) if f), None)
    for method in writes:
        for persona, session in sessions.items():
            if route.key in API_WRITES:
                kind, payload = API_WRITES[route.key]
                if kind == "json":
                    answer = ask(session, method, path, json=payload)
                else:
                    answer = ask(session, method, path, form=payload or None)
            else:
                form = _own_form(forms.get(persona, []), path) or anyones
                answer = ask(session, method, path, form=form_data(form) if form else None)
            answers[method, persona] = answer
    return RowAnswers(answers, forms)
