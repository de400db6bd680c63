"""Demo workshops and people: the ML for Systems workshop at NeurIPS 2018 (facts from
workshop-facts.md, descriptions in our own words), its sibling, and an edition whose call is
open now."""

from datetime import UTC, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from people.models import User
from workshop.enums import AOE, RoleKind
from workshop.models import RelatedLink, Role, Series, Topic, Workshop

DEMO_PASSWORD = "mlsys-demo-2018"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def aoe_end_of_day(day) -> datetime:
    """23:59 Anywhere on Earth on `day`, i.e. 11:59 UTC the next day."""
    import zoneinfo

    return datetime.combine(day, time(23, 59), tzinfo=zoneinfo.ZoneInfo(AOE)).astimezone(UTC)


ORGANIZERS = [
    (
        "anna.goldie@example.org",
        "Anna Goldie",
        "Google Brain",
        "Research software engineer at Google Brain working on deep reinforcement learning for "
        "systems optimisation. She holds a master's degree from MIT, where she worked on spoken "
        "language systems at CSAIL, and open-sourced tf-seq2seq.",
    ),
    (
        "azalia.mirhoseini@example.org",
        "Azalia Mirhoseini",
        "Google Brain",
        "Research scientist at Google Brain studying deep reinforcement learning for computer "
        "systems and meta-learning. Her PhD thesis at Rice University won the department's best "
        "thesis award in 2015.",
    ),
    ("jonathan.raiman@example.org", "Jonathan Raiman", "OpenAI", ""),
    ("kevin.swersky@example.org", "Kevin Swersky", "Google", ""),
    ("milad.hashemi@example.org", "Milad Hashemi", "Google", ""),
]

# (email, name, affiliation, expertise) — the logins printed at the end.
DEMO_ORGANIZER = (
    "organizer@example.org",
    "Dana Organizer",
    "Demo University",
    "workshop organisation",
)
DEMO_REVIEWERS = [
    (
        "reviewer1@example.org",
        "Priya Raman",
        "University of Waterloo",
        "learned index structures, databases, query optimisation",
    ),
    (
        "reviewer2@example.org",
        "Tomás Ibarra",
        "ETH Zürich",
        "compilers, autotuning, program synthesis, tensor programs",
    ),
    (
        "reviewer3@example.org",
        "Mei Lin Zhou",
        "Carnegie Mellon University",
        "reinforcement learning, networking, congestion control, cluster scheduling",
    ),
]
DEMO_AUTHORS = [
    ("author1@example.org", "Sam Okafor", "University of Toronto", "device placement"),
    ("author2@example.org", "Lena Fischer", "TU Munich", "hardware design, quantisation"),
    ("author3@example.org", "Ravi Menon", "Stanford University", "data-centre control"),
]

TOPICS = [
    "Scheduling and resource management",
    "Learned data structures",
    "Computer architecture",
    "Compilers and program optimisation",
    "Datacenter and cluster control",
    "Hardware and circuit design",
    "Operating and runtime systems",
    "Networking",
    "Databases and query optimisation",
]

RELATED_LINKS = [
    (
        "Device Placement Optimization with Reinforcement Learning",
        "https://arxiv.org/pdf/1706.04972.pdf",
    ),
    ("The Case for Learned Index Structures", "https://arxiv.org/abs/1712.01208"),
    ("Learning Memory Access Patterns", "https://arxiv.org/pdf/1803.02329.pdf"),
    (
        "End to End Deep Learning of Optimization Heuristics",
        "https://ieeexplore.ieee.org/document/8091247/",
    ),
    (
        "DeepMind AI reduces Google data centre cooling bill by 40%",
        "https://deepmind.com/blog/deepmind-ai-reduces-google-data-centre-cooling-bill-40/",
    ),
    ("Bayesian optimization for tuning the JVM", "https://www.youtube.com/watch?v=YhNl468S8CI"),
    (
        "Safe Exploration for Identifying Linear Systems via Robust Optimization",
        "https://arxiv.org/abs/1711.11165",
    ),
]

DESCRIPTION = """\
Computer systems are full of hand-tuned heuristics: schedulers, caches, compilers, index
structures and the controllers of whole data centres. This workshop asks where learned
models can replace or guide those heuristics, and what systems need to change so that
learning can be used safely inside them.

This year the scope grows beyond software to hardware and circuit design and to operating
and runtime systems. The day mixes invited talks, contributed talks chosen from the
submissions, two poster sessions and a closing panel with the invited speakers.
"""

CALL_FOR_PAPERS = """\
We invite short papers on machine learning applied to computer systems: scheduling, data
structure design, microarchitecture, compilers, networking, databases, the control of
warehouse-scale computers, hardware and circuit design, and operating or runtime systems.

Papers are peer reviewed and use the default NeurIPS style. Accepted papers are presented as
contributed talks, spotlights or posters.
"""

SIBLING_DESCRIPTION = """\
The companion workshop looks the other way round: how to build the systems that train and
serve machine learning models — frameworks, compilers for tensor programs, distributed
training, and hardware for learning. Both workshops share one call for papers.
"""


def user(email, name, affiliation, expertise="", *, staff=False, login=True) -> User:
    account, created = User.objects.get_or_create(
        email=email,
        defaults={
            "name": name,
            "affiliation": affiliation,
            "expertise": expertise,
            "is_staff": staff,
        },
    )
    if created:
        if login:
            account.set_password(DEMO_PASSWORD)
        else:
            account.set_unusable_password()
        account.save(update_fields=["password"])
    if login:
        EmailAddress.objects.get_or_create(
            user=account, email=email, defaults={"verified": True, "primary": True}
        )
    return account


def workshop(slug: str, **fields) -> Workshop:
    instance, _ = Workshop.objects.update_or_create(slug=slug, defaults=fields)
    return instance


def role(w: Workshop, person: User, kind: str, position=0, public=True, bio="") -> None:
    Role.objects.update_or_create(
        workshop=w,
        user=person,
        kind=kind,
        defaults={"position": position, "is_public": public, "public_bio": bio},
    )


def load(out) -> None:
    mlsys, sibling = _editions_2018()
    nxt = _next_edition()
    _people(mlsys, sibling, nxt)
    _topics_and_links(mlsys, sibling, nxt)
    out.write(
        "Demo workshops: /ml-for-systems-2018/, /systems-for-ml-2018/, "
        "/ml-for-systems-next/ (call open)"
    )


def _editions_2018() -> tuple[Workshop, Workshop]:
    """ML for Systems 2018 and its sibling, Systems for ML: one series, one call."""
    series, _ = Series.objects.update_or_create(
        slug="neurips-2018-ml-systems",
        defaults={"name": "ML for Systems and Systems for ML at NeurIPS 2018"},
    )
    common = {
        "conference": "NeurIPS 2018",
        "venue": "Palais des congrès de Montréal",
        "timezone": "America/Toronto",
        "series": series,
        "page_limit": 4,
        "deadline_timezone": AOE,
        "submissions_open_at": utc(2018, 9, 1, 12, 0),
        "submission_deadline": aoe_end_of_day(datetime(2018, 10, 26).date()),
        "review_deadline": aoe_end_of_day(datetime(2018, 11, 9).date()),
        "bidding_open": True,
        "bidding_opens_at": aoe_end_of_day(datetime(2018, 10, 26).date()),
        "bidding_closes_at": aoe_end_of_day(datetime(2018, 11, 1).date()),
        "notification_at": utc(2018, 11, 16, 17, 0),
        "camera_ready_deadline": aoe_end_of_day(datetime(2018, 11, 30).date()),
        "call_for_papers": CALL_FOR_PAPERS,
    }
    mlsys = workshop(
        "ml-for-systems-2018",
        name="Machine Learning for Systems",
        acronym="MLforSystems",
        room="510 AC",
        starts_at=utc(2018, 12, 8, 13, 0),
        ends_at=utc(2018, 12, 8, 23, 30),
        event_url="http://mlforsystems.org/",
        description=DESCRIPTION,
        **common,
    )
    sibling = workshop(
        "systems-for-ml-2018",
        name="Systems for Machine Learning",
        acronym="SysML",
        room="",
        starts_at=utc(2018, 12, 7, 13, 0),
        ends_at=utc(2018, 12, 7, 22, 30),
        description=SIBLING_DESCRIPTION,
        **common,
    )
    return mlsys, sibling


def _next_edition() -> Workshop:
    # The open edition: its call closes some weeks after today. Dates are set when it is
    # first created only, so that running the demo again changes nothing.
    today = timezone.now().date()
    nxt = Workshop.objects.filter(slug="ml-for-systems-next").first()
    if nxt is None:
        day = today + timedelta(days=120)
        nxt = Workshop.objects.create(
            slug="ml-for-systems-next",
            name="Machine Learning for Systems",
            acronym="MLforSystems",
            conference="NeurIPS (next edition)",
            venue="To be announced",
            timezone="America/Toronto",
            starts_at=datetime.combine(day, time(13, 0), tzinfo=UTC),
            ends_at=datetime.combine(day, time(23, 0), tzinfo=UTC),
            event_url="http://mlforsystems.org/",
            description=DESCRIPTION,
            call_for_papers=CALL_FOR_PAPERS,
            deadline_timezone=AOE,
            submissions_open_at=timezone.now() - timedelta(days=7),
            submission_deadline=aoe_end_of_day(today + timedelta(days=35)),
            review_deadline=aoe_end_of_day(today + timedelta(days=63)),
            notification_at=aoe_end_of_day(today + timedelta(days=77)),
            camera_ready_deadline=aoe_end_of_day(today + timedelta(days=98)),
        )
    return nxt


def _people(mlsys: Workshop, sibling: Workshop, nxt: Workshop) -> None:
    """The public organizers, and the demo logins: organizer, reviewers, authors."""
    for position, (email, name, affiliation, bio) in enumerate(ORGANIZERS):
        person = user(email, name, affiliation, login=False)
        if bio and not person.bio:
            User.objects.filter(pk=person.pk).update(bio=bio)
        for w in (mlsys, nxt):
            role(w, person, RoleKind.ORGANIZER, position=position)

    organizer = user(*DEMO_ORGANIZER, staff=True)
    for w in (mlsys, sibling, nxt):
        role(w, organizer, RoleKind.ORGANIZER, position=99, public=False)
    for email, name, affiliation, expertise in DEMO_REVIEWERS:
        reviewer = user(email, name, affiliation, expertise)
        for w in (mlsys, nxt):
            role(w, reviewer, RoleKind.REVIEWER)
    for email, name, affiliation, expertise in DEMO_AUTHORS:
        user(email, name, affiliation, expertise)


def _topics_and_links(mlsys: Workshop, sibling: Workshop, nxt: Workshop) -> None:
    for w in (mlsys, sibling, nxt):
        for position, name in enumerate(TOPICS):
            Topic.objects.update_or_create(workshop=w, name=name, defaults={"position": position})
    for w in (mlsys, nxt):
        for position, (title, url) in enumerate(RELATED_LINKS):
            RelatedLink.objects.update_or_create(
                workshop=w, url=url, defaults={"title": title, "position": position}
            )


def print_logins(out) -> None:
    """Printed last by loaddemo, so that the logins are what a newcomer sees: each with
    what it can do in the open edition."""
    out.write(f"Demo logins (password “{DEMO_PASSWORD}” for each):")
    out.write(
        f"  organizer: {DEMO_ORGANIZER[0]} — staff: /admin/, the reviewing desk (propose and "
        "confirm the assignment) and the program (release it)"
    )
    for email, name, *_ in DEMO_REVIEWERS:
        out.write(f"  reviewer:  {email} ({name}) — /reviewing/: bid, review the assigned papers")
    for email, name, *_ in DEMO_AUTHORS:
        out.write(f"  author:    {email} ({name}) — /ml-for-systems-next/submit/, /me/submissions/")
