"""The organizer's reviewing workbench in the admin. Lists are scoped to the workshops the
organizer runs; every change goes through reviews.services. The reviewing desk (one per
workshop) holds the assignment proposal, the decisions dashboard and the invitations."""

from . import conflicts, pool, records, workshops  # noqa: F401 — they register the admins
