"""The matrix's fixture workshop (world.py) with hostile values written into every field a
person can write and someone else is shown — each through the page a person uses to write it
(the author's paper form, the profile, the review form, the organizer's admin) — then carried
through the workflow (decision, decision mails, program released) so that every page, API
answer, mail, calendar and frab file that shows them can be read.

`FIELDS` names each written field and says where it is written: (persona, page, form input).
"""

from __future__ import annotations

from django.urls import reverse

from reviews.services.decisions import decide, send_decision_mails
from schedule.drafting import draft_from_decisions
from schedule.services import release_schedule
from submissions.enums import SubmissionStatus

from .hostile_corpus import mixed
from .walk import client_for, form_data, form_target, post_forms
from .world import World, after_commit
from .world import build as build_matrix_world

# field name -> (persona, URL name, input name, its limit (None: none), one line?)
FIELDS = {
    "title": ("author", "submissions:edit", "title", 300, True),
    "abstract": ("author", "submissions:edit", "abstract", 5000, False),
    "keywords": ("author", "submissions:edit", "keywords", 500, True),
    "author_name": ("author", "submissions:edit", "authors-1-name", 200, True),
    "author_affiliation": ("author", "submissions:edit", "authors-1-affiliation", 200, True),
    "profile_name": ("assigned", "people:profile", "name", 200, True),
    "profile_affiliation": ("assigned", "people:profile", "affiliation", 200, True),
    "profile_bio": ("assigned", "people:profile", "bio", 2000, False),
    "profile_expertise": ("assigned", "people:profile", "expertise", None, False),
    "review_summary": ("assigned", "reviews:review", "summary", 20000, False),
    "review_strengths": ("assigned", "reviews:review", "strengths", 20000, False),
    "review_weaknesses": ("assigned", "reviews:review", "weaknesses", 20000, False),
    "review_comments": ("assigned", "reviews:review", "comments_to_authors", 20000, False),
    "review_confidential": ("assigned", "reviews:review", "confidential_comments", 20000, False),
    "cfp": ("organizer", "admin:workshop_workshop_change", "call_for_papers", None, False),
    "description": ("organizer", "admin:workshop_workshop_change", "description", None, False),
    "item_title": ("organizer", "admin:schedule_scheduleitem_change", "title", 300, True),
    "item_description": (
        "organizer",
        "admin:schedule_scheduleitem_change",
        "description",
        None,
        False,
    ),
    "speaker_name": (
        "organizer",
        "admin:schedule_scheduleitem_change",
        "speakers-0-name",
        200,
        True,
    ),
    "speaker_affiliation": (
        "organizer",
        "admin:schedule_scheduleitem_change",
        "speakers-0-affiliation",
        200,
        True,
    ),
    "speaker_bio": (
        "organizer",
        "admin:schedule_scheduleitem_change",
        "speakers-0-bio",
        2000,
        False,
    ),
}
# What else a page's form needs for the write to be the one meant.
EXTRA = {
    "reviews:review": {"action": "submit", "score": "4", "confidence": "2"},
    "submissions:edit": {"authors-1-email": "cy@pending.example.net"},
    # The admin's inline shows no empty speaker row without its script: the browser adds one.
    "admin:schedule_scheduleitem_change": {"speakers-TOTAL_FORMS": "1", "speakers-0-position": "0"},
}


def url_for(world: World, url_name: str) -> str:
    values = {"slug": world.workshop.slug, "pk": world.paper.pk}
    if url_name.startswith("admin:workshop_workshop"):
        return reverse(url_name, args=[world.workshop.pk])
    if url_name.startswith("admin:schedule_scheduleitem"):
        return reverse(url_name, args=[world.values["item_id"]])
    if url_name == "people:profile":
        return reverse(url_name)
    return reverse(url_name, kwargs=values)


def page_form(session, path: str) -> dict[str, list[str]]:
    """The form a page shows for itself, with the values a browser would send."""
    page = client_for(session).get(path)
    assert page.status_code == 200, f"{path}: {page.status_code}"
    form = next(f for f in post_forms(page.content.decode()) if form_target(f, path) == path)
    return form_data(form)


def write(session, path: str, values: dict[str, str], *, extra: dict | None = None):
    """Fill the page's own form with `values` and post it as a browser does (with its token)."""
    data = page_form(session, path)
    for name, value in {**(extra or {}), **values}.items():
        data[name] = [value]
    with after_commit():
        return client_for(session).post(path, data)


def write_hostile(world: World, fields=FIELDS) -> dict[str, str]:
    """Every field's mixed hostile value, written page by page; returns field -> value."""
    by_page: dict[tuple[str, str], dict[str, str]] = {}
    written = {}
    for name, (persona, url_name, input_name, limit, one_line) in fields.items():
        written[name] = mixed(name, limit or 5000, one_line=one_line)
        by_page.setdefault((persona, url_name), {})[input_name] = written[name]
    for (persona, url_name), values in by_page.items():
        path = url_for(world, url_name)
        response = write(world.sessions[persona], path, values, extra=EXTRA.get(url_name))
        assert response.status_code == 302, (
            f"{url_name} refused the hostile values: {response.content.decode()[:3000]}"
        )
    return written


def carry_through(world: World) -> None:
    """The decision, its mails (the reviews go to the authors) and the program, released."""
    organizer = world.people["organizer"]
    with after_commit():
        decide(submission=world.paper, outcome=SubmissionStatus.ACCEPTED_ORAL, by=organizer)
        send_decision_mails(workshop=world.workshop, by=organizer)
        draft_from_decisions(workshop=world.workshop, by=organizer)
        release_schedule(workshop=world.workshop, by=organizer, comment="With the papers.")


def build() -> tuple[World, dict[str, str]]:
    world = build_matrix_world()
    written = write_hostile(world)
    carry_through(world)
    return world, written
