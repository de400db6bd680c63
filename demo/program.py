"""Demo program: the day of Machine Learning for Systems at NeurIPS 2018, as
../shared/workshop-facts.md lists it, built and released as version 1.

The facts give Pacific times; UTC is PST + 8 h (06:00 PST = 14:00 UTC = 09:00 in Montréal).
Descriptions are written in our own words. Talks and posters link the demo papers that
demo/papers.py creates (from demo/paper_data.py); where a paper is missing the
item is built without it and a note says so. Running the loader again changes nothing: rows
are found by stable keys, and a release is made only when the draft differs from it.
"""

import uuid
from datetime import UTC, datetime

from people.models import User
from schedule import services
from schedule.enums import ItemKind
from schedule.models import ItemPaper, PosterBoard, Room, ScheduleItem, Speaker
from submissions.models import Submission
from workshop.models import Workshop

from . import paper_data
from .workshops import DEMO_ORGANIZER, ORGANIZERS

SLUG = "ml-for-systems-2018"
ROOM = "510 AC"
# Released a week before the day, like a real program.
RELEASED_AT = datetime(2018, 12, 1, 17, 0, tzinfo=UTC)
INVITED = ["Eric Schkufza", "Partha Ranganathan", "Neeraja Yadwadkar", "Jeff Dean"]


def utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2018, 12, 8, hour, minute, tzinfo=UTC)


# (key, kind, title, description, start, end, speakers); speakers: "organizers", "invited",
# a list of names (invited speakers without accounts), or ("talk", slot) / ("posters", n).
PROGRAM = [
    (
        "opening",
        ItemKind.OPENING,
        "Opening remarks",
        "The organizers welcome everyone and walk through the day.",
        utc(14, 0),
        utc(14, 10),
        "organizers",
    ),
    (
        "schkufza",
        ItemKind.INVITED_TALK,
        "Stochastic program optimisation",
        "Searching the space of programs with machine-learning guidance finds aggressive "
        "transformations that classic compilers miss; a verifier checks each result afterwards.",
        utc(14, 10),
        utc(14, 35),
        ["Eric Schkufza"],
    ),
    (
        "codesign",
        ItemKind.INVITED_TALK,
        "Co-designing machine-learning algorithms and hardware",
        "Learned pruning and quantisation, architecture search specialised to the hardware, "
        "and the tuning of analog circuits: machine learning used to make machine learning "
        "itself efficient.",
        utc(14, 35),
        utc(15, 0),
        [],
    ),
    (
        "posters-1",
        ItemKind.POSTER_SESSION,
        "Poster session 1",
        "",
        utc(15),
        utc(16),
        ("posters", 1),
    ),
    ("talk-1", ItemKind.CONTRIBUTED_TALK, None, "", utc(16, 0), utc(16, 15), ("talk", 1)),
    ("talk-2", ItemKind.CONTRIBUTED_TALK, None, "", utc(16, 15), utc(16, 30), ("talk", 2)),
    ("talk-3", ItemKind.CONTRIBUTED_TALK, None, "", utc(16, 30), utc(16, 45), ("talk", 3)),
    (
        "ranganathan",
        ItemKind.INVITED_TALK,
        "Machine learning for computer architecture after Moore's law",
        "With transistor scaling slowing down, learned models are one way to keep improving "
        "processors and the systems built around them.",
        utc(16, 45),
        utc(17, 10),
        ["Partha Ranganathan"],
    ),
    ("break", ItemKind.BREAK, "Break", "", utc(17, 10), utc(18, 45), []),
    (
        "yadwadkar",
        ItemKind.INVITED_TALK,
        "Machine-learning models for resource management",
        "Learned models that schedule for tail latency and allocate cloud resources with an "
        "eye on performance.",
        utc(18, 45),
        utc(19, 10),
        ["Neeraja Yadwadkar"],
    ),
    ("talk-4", ItemKind.CONTRIBUTED_TALK, None, "", utc(19, 10), utc(19, 25), ("talk", 4)),
    ("talk-5", ItemKind.CONTRIBUTED_TALK, None, "", utc(19, 25), utc(19, 40), ("talk", 5)),
    ("talk-6", ItemKind.CONTRIBUTED_TALK, None, "", utc(19, 40), utc(19, 55), ("talk", 6)),
    (
        "posters-2",
        ItemKind.POSTER_SESSION,
        "Poster session 2",
        "",
        utc(20),
        utc(21),
        ("posters", 2),
    ),
    (
        "query-optimisation",
        ItemKind.INVITED_TALK,
        "Learned query optimisation",
        "Join ordering treated as a Markov decision process, and a query optimiser learned "
        "that way for Postgres and Spark.",
        utc(21, 0),
        utc(21, 25),
        [],
    ),
    (
        "dean",
        ItemKind.INVITED_TALK,
        "Invited talk by Jeff Dean",
        "",
        utc(21, 25),
        utc(21, 50),
        ["Jeff Dean"],
    ),
    (
        "panel",
        ItemKind.PANEL,
        "Panel discussion",
        "The invited speakers take questions from the audience.",
        utc(21, 50),
        utc(22, 50),
        "invited",
    ),
    (
        "closing",
        ItemKind.CLOSING,
        "Closing remarks",
        "The organizers close the day.",
        utc(22, 50),
        utc(23, 0),
        "organizers",
    ),
]


def guid(key: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://demo.invalid/{SLUG}/schedule/{key}")


class _Papers:
    """The demo papers in the database, found by title; counts the missing ones."""

    def __init__(self, workshop: Workshop):
        self.by_title = {
            s.title: s
            for s in Submission.objects.filter(workshop=workshop).prefetch_related("authors")
        }
        self.missing: list[str] = []

    def get(self, paper: paper_data.DemoPaper) -> Submission | None:
        found = self.by_title.get(paper.title)
        if found is None or not found.is_accepted:
            self.missing.append(paper.title)
            return None
        return found


def _speakers(item: ScheduleItem, people: list[dict]) -> None:
    for position, fields in enumerate(people):
        defaults = {"user": None, "name": "", "affiliation": "", "email": "", **fields}
        Speaker.objects.update_or_create(item=item, position=position, defaults=defaults)
    Speaker.objects.filter(item=item, position__gte=len(people)).delete()


def _presenter(paper: paper_data.DemoPaper, submission: Submission | None) -> dict:
    if submission is not None:
        author = submission.authors.order_by("position").first()
        if author is not None and author.user_id:
            return {"user_id": author.user_id}
        if author is not None:
            return {"name": author.name, "affiliation": author.affiliation, "email": author.email}
    name, email, affiliation = paper.authors[0]
    return {"name": name, "affiliation": affiliation, "email": email}


def load(out) -> None:
    workshop = Workshop.objects.filter(slug=SLUG).first()
    if workshop is None:
        out.write("Schedule demo skipped: the workshop demo has not run.")
        return
    room, _ = Room.objects.get_or_create(workshop=workshop, name=ROOM)
    organizers = [{"user_id": User.objects.get(email=email).pk} for email, *_ in ORGANIZERS]
    invited = [{"name": name} for name in INVITED]
    talks = {paper.talk_slot: paper for paper in paper_data.ORALS}
    papers = _Papers(workshop)
    keep = []

    for key, kind, title, description, start, end, who in PROGRAM:
        paper = talks[who[1]] if isinstance(who, tuple) and who[0] == "talk" else None
        item, _ = ScheduleItem.objects.update_or_create(
            guid=guid(key),
            defaults={
                "workshop": workshop,
                "kind": kind,
                "title": paper.title if paper else title,
                "description": description,
                "start_at": start,
                "end_at": end,
                "room": room,
            },
        )
        keep.append(item.pk)
        if who == "organizers":
            _speakers(item, organizers)
        elif who == "invited":
            _speakers(item, invited)
        elif isinstance(who, list):
            _speakers(item, [{"name": name} for name in who])
        elif who[0] == "talk":
            submission = papers.get(paper)
            _speakers(item, [_presenter(paper, submission)])
            if submission is not None:
                ItemPaper.objects.update_or_create(
                    item=item, submission=submission, defaults={"position": 0}
                )
        else:  # poster boards in the order the program listed the presenters
            session = [p for p in paper_data.POSTERS if p.poster_session == who[1]]
            number = 0
            for poster in session:
                submission = papers.get(poster)
                if submission is None:
                    continue
                number += 1
                PosterBoard.objects.update_or_create(
                    item=item, number=number, defaults={"submission": submission}
                )
            PosterBoard.objects.filter(item=item, number__gt=number).delete()
    ScheduleItem.objects.filter(workshop=workshop).exclude(pk__in=keep).delete()

    if papers.missing:
        out.write(
            f"Schedule demo: {len(papers.missing)} accepted demo paper(s) are not in the "
            "database yet; their talks and boards were left without them."
        )
    organizer = User.objects.get(email=DEMO_ORGANIZER[0])
    if services.draft_differs(workshop):
        first = not workshop.schedule_releases.exists()
        release = services.release_schedule(
            workshop=workshop, by=organizer, now=RELEASED_AT if first else None
        )
        out.write(f"Schedule: released version {release.number} of /{SLUG}/schedule/")
