"""Properties of reviews.conflict_detection (pure Python: no Django, no database).

The detector uses indexes so that a workshop costs one pass over its authors; here it is
held against a brute-force reading of the same rules over every paper × reviewer × author,
and against itself on fewer papers, fewer reviewers and another order."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from reviews import conflict_detection as detection
from reviews.conflict_detection import Author, Paper, Reviewer, detect
from reviews.institutions import Institutions

KNOWN = Institutions(
    {
        "google.com": "Alphabet",
        "deepmind.com": "Alphabet",
        "Google Brain": "Alphabet",
        "DeepMind": "Alphabet",
    }
)
DOMAINS = ["mit.edu", "cs.mit.edu", "gmail.com", "google.com", "deepmind.com", "ethz.ch"]
AFFILIATIONS = [
    "",
    "MIT",
    "Google Brain",
    "DeepMind",
    "ETH Zürich",
    "Department of Computer Science, ETH Zürich",
]
NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"]
FOUND_BY_DATA = {
    detection.SAME_PERSON,
    detection.EMAIL_DOMAIN,
    detection.AFFILIATION,
    detection.COAUTHOR,
}


@st.composite
def workshops(draw: st.DrawFn) -> dict:
    """Reviewers (unique addresses), papers and their authors, drawn from a small world so
    that people share domains, affiliations, addresses and co-authors often."""
    reviewers = []
    for i in range(draw(st.integers(0, 5))):
        emails = {f"r{i}@{draw(st.sampled_from(DOMAINS))}"}
        if draw(st.booleans()):
            emails.add(f"r{i}.other@{draw(st.sampled_from(DOMAINS))}")
        reviewers.append(
            Reviewer(
                id=i + 1,
                name=draw(st.sampled_from(NAMES)),
                affiliation=draw(st.sampled_from(AFFILIATIONS)),
                emails=frozenset(emails),
            )
        )
    reviewer_emails = sorted(e for r in reviewers for e in r.emails)
    strangers = [f"a{j}@{d}" for j in range(3) for d in DOMAINS]
    emails = st.sampled_from(reviewer_emails + strangers)
    owners = {e: r.id for r in reviewers for e in r.emails}
    user_ids = st.sampled_from([None, *(r.id for r in reviewers)])
    declarations = st.lists(
        st.sampled_from(
            ["nobody at all", "@google.com", "ETH Zürich", *NAMES, *reviewer_emails[:3]]
        ),
        max_size=2,
    )
    papers, authors = {}, {}
    for number in range(1, draw(st.integers(0, 4)) + 1):
        pk = 100 + number
        papers[pk] = Paper(
            id=pk,
            number=number,
            title=f"Paper {number}",
            reviewable=draw(st.booleans()) or number == 1,
            declared="\n".join(draw(declarations)),
        )
        authors[pk] = []
        for _ in range(draw(st.integers(1, 3))):
            email = draw(emails)
            # An author row is linked to the account that owns its address, or to none; an
            # address of one reviewer linked to another's account cannot be stored.
            owner = owners.get(email)
            user_id = draw(st.sampled_from([None, owner]) if owner else user_ids)
            authors[pk].append(
                Author(
                    paper_id=pk,
                    name=draw(st.sampled_from(NAMES)),
                    email=email,
                    affiliation=draw(st.sampled_from(AFFILIATIONS)),
                    user_id=user_id,
                )
            )
    targets = draw(st.lists(st.sampled_from([*papers, 999]), unique=True)) if papers else []
    return {"reviewers": reviewers, "papers": papers, "authors": authors, "targets": targets}


def run(world: dict, **changes) -> dict:
    return detect(**{**world, **changes}, known=KNOWN)


def brute_force(world: dict) -> set[tuple[int, int, str]]:
    """The data-found conflicts, read off the rules pair by pair, without indexes."""
    reviewers, papers, authors = world["reviewers"], world["papers"], world["authors"]

    def same_person(author):  # an address first, else the account
        by_email = [r for r in reviewers if author.email in r.emails]
        by_user = [r for r in reviewers if author.user_id and r.id == author.user_id]
        return (by_email or by_user or [None])[0]

    def writers(pk):
        return {r.id for a in authors[pk] if (r := same_person(a))}

    found = set()
    for pk in world["targets"]:
        if pk not in papers or not papers[pk].reviewable:
            continue
        for author in authors[pk]:
            if (person := same_person(author)) is not None:
                found.add((pk, person.id, detection.SAME_PERSON))
            for reviewer in reviewers:
                if reviewer.id in writers(pk):
                    continue
                key = KNOWN.domain_key(author.email)
                if key and any(KNOWN.domain_key(e) == key for e in reviewer.emails):
                    found.add((pk, reviewer.id, detection.EMAIL_DOMAIN))
                if KNOWN.affiliation_keys(author.affiliation) & KNOWN.affiliation_keys(
                    reviewer.affiliation
                ):
                    found.add((pk, reviewer.id, detection.AFFILIATION))
                for other, other_authors in authors.items():
                    if (
                        other != pk
                        and reviewer.id in writers(other)
                        and any(
                            a.email == author.email and same_person(a) is not reviewer
                            for a in other_authors
                        )
                    ):
                        found.add((pk, reviewer.id, detection.COAUTHOR))
    return found


@given(workshops())
def test_the_indexes_find_exactly_what_the_rules_say(world):
    found = run(world)
    assert {key for key in found if key[2] in FOUND_BY_DATA} == brute_force(world)


@given(workshops())
def test_only_reviewable_target_papers_and_given_reviewers_get_conflicts(world):
    reviewer_ids = {r.id for r in world["reviewers"]}
    for (pk, reviewer_id, source), reason in run(world).items():
        assert pk in world["targets"] and world["papers"][pk].reviewable
        assert reviewer_id in reviewer_ids
        assert source in {*FOUND_BY_DATA, detection.AUTHOR_DECLARED}
        assert reason.endswith(".")


@given(workshops(), st.randoms(use_true_random=False))
def test_one_paper_at_a_time_agrees_with_the_whole_workshop(world, rnd: random.Random):
    """What refreshing one saved paper finds is what a refresh of the workshop finds."""
    whole = run(world)
    some = rnd.sample(world["targets"], k=len(world["targets"]) // 2)
    assert run(world, targets=some) == {k: v for k, v in whole.items() if k[0] in some}


@given(workshops(), st.randoms(use_true_random=False))
def test_some_reviewers_agree_with_the_whole_pool(world, rnd: random.Random):
    """What refreshing one joining reviewer finds is what a refresh of the pool finds."""
    whole = run(world)
    some = rnd.sample(world["reviewers"], k=len(world["reviewers"]) // 2)
    ids = {r.id for r in some}
    assert run(world, reviewers=some) == {k: v for k, v in whole.items() if k[1] in ids}


@given(workshops(), st.randoms(use_true_random=False))
def test_the_order_of_the_pool_changes_nothing(world, rnd: random.Random):
    shuffled = list(world["reviewers"])
    rnd.shuffle(shuffled)
    assert run(world, reviewers=shuffled) == run(world)


@given(workshops())
def test_a_declared_address_names_its_reviewer(world):
    found = run(world)
    for pk in world["targets"]:
        paper = world["papers"].get(pk)
        if paper is None or not paper.reviewable:
            continue
        for line in detection.declared_lines(paper.declared):
            for reviewer in world["reviewers"]:
                if line in reviewer.emails:
                    # The first line that names them gives the reason (it may be a domain).
                    reason = found[(pk, reviewer.id, detection.AUTHOR_DECLARED)]
                    assert reason.startswith("The authors named “")


def test_a_reviewer_who_wrote_the_paper_is_only_its_author():
    """An author-reviewer gets "is an author", not also "same institution" as a co-author."""
    ada = Reviewer(1, "Ada Lovelace", "MIT", frozenset({"ada@mit.edu"}))
    paper = Paper(10, 1, "Engines", reviewable=True, declared="")
    authors = {
        10: [
            Author(10, "Ada Lovelace", "ada@mit.edu", "MIT", None),
            Author(10, "Alan Turing", "alan@cs.mit.edu", "MIT", None),
        ]
    }
    found = detect(reviewers=[ada], papers={10: paper}, authors=authors, targets=[10], known=KNOWN)
    assert found == {
        (10, 1, detection.SAME_PERSON): "Ada Lovelace is an author of this paper (ada@mit.edu)."
    }
