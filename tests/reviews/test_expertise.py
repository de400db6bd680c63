"""From the database to affinity and back: profiles as text, and which scores are stored."""

import numpy as np
import pytest

from reviews.models import Affinity, ReviewerProfile
from reviews.services.expertise import (
    KEEP_PER_PAPER,
    KEEP_PER_REVIEWER,
    compute_affinity,
    kept_pairs,
    parse_recent_papers,
)

from .conftest import pool_member


def test_recent_papers_are_paragraphs_with_the_title_first():
    papers = parse_recent_papers("Learned indexes\nModels replace\nB-trees.\n\n  \nCaches\n")
    assert [(p.title, p.abstract) for p in papers] == [
        ("Learned indexes", "Models replace B-trees."),
        ("Caches", ""),
    ]


def test_small_instances_keep_every_positive_score():
    scores = np.array([[0.5, 0.0], [0.1, 0.2]], dtype=np.float32)
    rows, cols = kept_pairs(scores)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0), (1, 0), (1, 1)]


def test_large_instances_keep_each_papers_and_each_reviewers_best():
    rng = np.random.default_rng(3)
    n, m = KEEP_PER_REVIEWER + 150, KEEP_PER_PAPER + 100
    scores = rng.random((n, m)).astype(np.float32) + 0.01
    rows, cols = kept_pairs(scores)
    kept = np.zeros((n, m), dtype=bool)
    kept[rows, cols] = True
    for i in range(n):  # each paper keeps at least its best KEEP_PER_PAPER reviewers
        best = np.argsort(-scores[i])[:KEEP_PER_PAPER]
        assert kept[i, best].all()
    for j in range(m):
        best = np.argsort(-scores[:, j])[:KEEP_PER_REVIEWER]
        assert kept[best, j].all()
    assert kept.sum() < n * m


@pytest.mark.django_db
def test_affinity_ranks_the_expert_first_and_is_stable(workshop, paper):
    expert = pool_member(workshop, "ex@e.example.net", "Expert", "E")
    novice = pool_member(workshop, "no@n.example.net", "Novice", "N")
    ReviewerProfile.objects.create(
        workshop=workshop,
        user=expert,
        recent_papers="Learned caches\nAn eviction policy learned from production traces "
        "beats LRU in key-value stores.",
    )
    ReviewerProfile.objects.create(
        workshop=workshop, user=novice, recent_papers="Analog circuits\nTransistor sizing."
    )
    compute_affinity(workshop=workshop)
    first = dict(Affinity.objects.values_list("reviewer__email", "score"))
    assert first[expert.email] > first.get(novice.email, 0.0)
    compute_affinity(workshop=workshop)
    assert dict(Affinity.objects.values_list("reviewer__email", "score")) == first
