"""Why a paper fits a reviewer (reviews.affinity.reasons): pure, no database."""

from reviews.affinity import ExpertiseProfile, PaperText, match_reason

PRIYA = ExpertiseProfile(
    papers=(
        PaperText(
            "Learned index structures for range queries",
            "Small regression models replace the inner nodes of a B-tree and predict the "
            "position of a key in a sorted array of database records.",
        ),
        PaperText(
            "Cardinality estimation with learned models for join ordering",
            "A learned estimator of join sizes guides the query optimiser of a database "
            "towards better join orders.",
        ),
        PaperText("Congestion windows in datacentre networks", "Packets, queues and links."),
    ),
    keywords=("learned indexes", "cardinality estimation", "compilers", "Learned Indexes"),
)
PAPER = PaperText(
    "Learned cardinality estimation for query optimisers",
    "We train a model to estimate join cardinalities for the query optimiser of a database.",
    ("cardinality estimation", "databases"),
)


def test_keywords_the_paper_uses_each_once_and_as_the_reviewer_wrote_them():
    reason = match_reason(PAPER, PRIYA)
    assert reason.keywords == ("cardinality estimation",)
    index_paper = PaperText("Learned indexes for strings", "An index that is learned.")
    assert match_reason(index_paper, PRIYA).keywords == ("learned indexes",)


def test_the_closest_own_papers_come_first_with_the_words_they_share():
    reason = match_reason(PAPER, PRIYA)
    assert [p.title for p in reason.papers] == [
        "Cardinality estimation with learned models for join ordering",
        "Learned index structures for range queries",
    ]
    closest = reason.papers[0].shared
    # Two-word terms first, as written in the paper; their single words are not repeated.
    assert closest[:2] == ("cardinality estimation", "query optimisers")
    assert "cardinality" not in closest and len(closest) <= 4


def test_nothing_shared_is_no_reason_and_generic_words_do_not_count():
    unrelated = PaperText("A new approach", "We propose a method and show results.")
    reason = match_reason(unrelated, PRIYA)
    assert not reason and reason.keywords == () and reason.papers == ()
    assert not match_reason(PAPER, ExpertiseProfile(papers=()))
