"""The demo's papers for ML for Systems 2018: data only, shared by the demo's
papers.py (papers, PDFs, decisions), reviewing.py (reviews consistent with the decisions) and
program.py (talks and poster boards).

Contributed-talk papers follow the program's descriptions; poster papers exist so that the
two poster sessions list their presenters as the program did. Titles and abstracts are
written for the demo and are not the real papers'. Presenters without a demo login have
addresses at example.org.
"""

from dataclasses import dataclass

ORAL = "accepted_oral"
POSTER = "accepted_poster"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class DemoPaper:
    key: str
    title: str
    abstract: str
    keywords: tuple[str, ...]
    topic: str
    authors: tuple[tuple[str, str, str], ...]  # (name, email, affiliation), presenter first
    decision: str
    poster_session: int | None = None  # 1 or 2 for posters
    talk_slot: int | None = None  # order among the contributed talks


def _person(name: str) -> tuple[str, str, str]:
    email = name.lower().replace(" ", ".").replace("..", ".") + "@example.org"
    return (name, email, "")


SAM = ("Sam Okafor", "author1@example.org", "University of Toronto")
LENA = ("Lena Fischer", "author2@example.org", "TU Munich")
RAVI = ("Ravi Menon", "author3@example.org", "Stanford University")
JO = ("Jo Tanaka", "jo.tanaka@example.org", "University of Tokyo")
NOOR = ("Noor Haddad", "noor.haddad@example.org", "McGill University")

ORALS = [
    DemoPaper(
        "dataframe-synthesis",
        "Synthesising DataFrame programs from input–output examples",
        "We synthesise calls to 112 functions of a Python DataFrame library from examples, "
        "encoding inputs and outputs as graphs for a neural model that guides the search. "
        "It solves 97% of a validation set and of a cleaned test set.",
        ("program synthesis", "graph neural networks", "dataframes"),
        "Compilers and program optimisation",
        (SAM, JO),
        ORAL,
        talk_slot=1,
    ),
    DemoPaper(
        "placeto",
        "Placeto: device placement that generalises to unseen graphs",
        "A reinforcement-learning agent places the operations of a computation graph on "
        "devices and transfers to graphs it was not trained on, needing up to 20 times fewer "
        "training steps than earlier placers.",
        ("device placement", "reinforcement learning", "graph embeddings"),
        "Scheduling and resource management",
        (RAVI, NOOR),
        ORAL,
        talk_slot=2,
    ),
    DemoPaper(
        "iroko",
        "Iroko: an emulator for learning datacenter congestion control",
        "Iroko emulates datacenter networks behind a gym-style interface so that "
        "reinforcement-learning congestion controllers can be trained and compared with TCP "
        "New Vegas and DCTCP. Code: https://github.com/dcgym/iroko",
        ("congestion control", "reinforcement learning", "datacenter networks"),
        "Networking",
        (LENA, RAVI),
        ORAL,
        talk_slot=3,
    ),
    DemoPaper(
        "tensor-cost-models",
        "Learned cost models for searching tensor-program variants",
        "A statistical cost model ranks candidate implementations of tensor operators so the "
        "search spends its measurements well; results match hand-tuned libraries on CPUs, "
        "mobile GPUs and server GPUs.",
        ("tensor programs", "autotuning", "cost models"),
        "Compilers and program optimisation",
        (JO, SAM),
        ORAL,
        talk_slot=4,
    ),
    DemoPaper(
        "l2dc",
        "L2DC: reinforcement learning for sizing analog transistors",
        "An agent learns to size the transistors of analog circuits and reaches a given "
        "specification with 250 times better sample efficiency than grid search guided by a "
        "human designer.",
        ("circuit design", "reinforcement learning", "analog"),
        "Hardware and circuit design",
        (NOOR, LENA),
        ORAL,
        talk_slot=5,
    ),
    DemoPaper(
        "releq",
        "ReLeQ: automating deep quantisation with policy optimisation",
        "Proximal policy optimisation picks a bitwidth per layer; networks for MNIST, CIFAR10 "
        "and SVHN average 2.25, 5 and 4 bits with less than 0.3% loss in accuracy.",
        ("quantisation", "reinforcement learning", "accelerators"),
        "Hardware and circuit design",
        (LENA, SAM),
        ORAL,
        talk_slot=6,
    ),
]

# (presenter, title, abstract, keywords, topic) — one poster per presenter slot.
_SESSION_1 = [
    (
        "Artemiy Margaritov",
        "Predicting address translations with learned models",
        "A small model predicts page-table walks so that translation misses cost less.",
        ("virtual memory", "prediction"),
        "Computer architecture",
    ),
    (
        "Ravichandra Addanki",
        "Generalising learned placement across model families",
        "We study which graph features let a learned placer transfer between model families.",
        ("device placement", "transfer learning"),
        "Scheduling and resource management",
    ),
    (
        "Hamidreza Mahyar",
        "Learning to sample large graphs for systems analytics",
        "A learned sampler keeps the properties of a graph that matter for system analysis.",
        ("graph sampling", "analytics"),
        "Databases and query optimisation",
    ),
    (
        "Guo Zhang",
        "Learned admission control for flash caches",
        "A classifier decides which objects to admit to a flash cache to save write endurance.",
        ("caching", "flash storage"),
        "Operating and runtime systems",
    ),
    (
        "Avani Wildani",
        "Learning file access groupings for archival storage",
        "Clustering of access traces groups files that are read together on cold storage.",
        ("storage", "clustering"),
        "Operating and runtime systems",
    ),
    (
        "Hadi Esmaeilzadeh",
        "Co-designing quantised networks and their accelerators",
        "A joint search picks network bitwidths and accelerator parameters together.",
        ("quantisation", "accelerators"),
        "Hardware and circuit design",
    ),
    (
        "Dmitrii Ustiugov",
        "Learned prefetching for serverless cold starts",
        "Recording and replaying memory access patterns shortens cold starts of functions.",
        ("serverless", "prefetching"),
        "Operating and runtime systems",
    ),
    (
        "Shaileshh Bojja Venkatakrishnan",
        "Learning schedules for data-parallel jobs",
        "A graph neural network scheduler learns job-aware policies for a cluster.",
        ("cluster scheduling", "graph neural networks"),
        "Scheduling and resource management",
    ),
    (
        "Fabian Ruffy Varga",
        "Benchmarks for learned congestion control",
        "A suite of traffic patterns to compare learned and classic congestion control.",
        ("congestion control", "benchmarks"),
        "Networking",
    ),
    (
        "Adit Bhardwaj",
        "Learned index structures for string keys",
        "We extend learned indexes to variable-length string keys with a hierarchy of models.",
        ("learned indexes", "strings"),
        "Learned data structures",
    ),
    (
        "Tatiana Shpeisman",
        "Learning heuristics for a tensor compiler's tiling",
        "A learned model chooses loop tiling in a tensor compiler instead of a fixed heuristic.",
        ("compilers", "tiling"),
        "Compilers and program optimisation",
    ),
]
_SESSION_2 = [
    (
        "Stephen Macke",
        "Adaptive sampling for approximate query processing",
        "A bandit chooses which samples to read so that aggregate queries converge sooner.",
        ("approximate queries", "bandits"),
        "Databases and query optimisation",
    ),
    (
        "Hongzi Mao",
        "Learning video streaming bitrates in the wild",
        "Training an adaptive-bitrate policy on real network traces rather than a simulator.",
        ("video streaming", "reinforcement learning"),
        "Networking",
    ),
    (
        "Caroline Lemieux",
        "Neural guidance for fuzz testing",
        "A model predicts which program inputs lead to new coverage and steers the fuzzer.",
        ("fuzzing", "testing"),
        "Compilers and program optimisation",
    ),
    (
        "Saim Salman",
        "Learned load balancing for key-value stores",
        "A learned router spreads skewed request loads across the servers of a key-value store.",
        ("load balancing", "key-value stores"),
        "Datacenter and cluster control",
    ),
    (
        "Rishikesh Jha",
        "Learning compiler pass orderings",
        "Reinforcement learning orders optimisation passes per program to shrink run time.",
        ("compilers", "phase ordering"),
        "Compilers and program optimisation",
    ),
    (
        "Hanrui Wang",
        "Transfer learning across analog circuit topologies",
        "A sizing agent trained on one circuit topology adapts quickly to another.",
        ("circuit design", "transfer learning"),
        "Hardware and circuit design",
    ),
    (
        "Shoumik P Palkar",
        "Learned filters to skip parsing of raw data",
        "Cheap learned filters discard records before the expensive parsing step.",
        ("data analytics", "filtering"),
        "Databases and query optimisation",
    ),
    (
        "Tianqi Chen",
        "Transferable cost models for operator tuning",
        "Cost models learned on one hardware target speed up tuning on another.",
        ("tensor programs", "transfer learning"),
        "Compilers and program optimisation",
    ),
    (
        "Thomas Pumir",
        "Learning sparse recovery for network measurement",
        "Learned sparse recovery estimates traffic matrices from few counters.",
        ("network measurement", "sparse recovery"),
        "Networking",
    ),
    (
        "Vaishnav Janardhan",
        "Learning cache eviction for content delivery",
        "A model of object reuse drives eviction in content-delivery caches.",
        ("caching", "content delivery"),
        "Datacenter and cluster control",
    ),
    (
        "Adit Bhardwaj",
        "Learned cardinality estimates for join ordering",
        "Learned cardinality estimates feed a classic join-order optimiser.",
        ("query optimisation", "cardinality estimation"),
        "Databases and query optimisation",
    ),
    (
        "Ed Chi",
        "Recommender systems as a systems problem",
        "Serving a large recommender shows where learning and systems constraints meet.",
        ("recommender systems", "serving"),
        "Datacenter and cluster control",
    ),
]


def _posters(rows, session: int) -> list[DemoPaper]:
    papers = []
    for index, (presenter, title, abstract, keywords, topic) in enumerate(rows, start=1):
        papers.append(
            DemoPaper(
                f"poster-{session}-{index}",
                title,
                abstract,
                keywords,
                topic,
                (_person(presenter),),
                POSTER,
                poster_session=session,
            )
        )
    return papers


POSTERS = _posters(_SESSION_1, 1) + _posters(_SESSION_2, 2)

OTHERS = [
    DemoPaper(
        "rejected-1",
        "A neural branch predictor without hardware costs",
        "We train a large network to predict branches, ignoring its latency.",
        ("branch prediction",),
        "Computer architecture",
        (SAM,),
        REJECTED,
    ),
    DemoPaper(
        "rejected-2",
        "Deep learning for disk scheduling revisited",
        "A recurrent model orders disk requests on a simulated drive.",
        ("disk scheduling",),
        "Operating and runtime systems",
        (RAVI, JO),
        REJECTED,
    ),
    DemoPaper(
        "rejected-3",
        "Predicting compile times with gradient boosting",
        "Gradient-boosted trees predict how long a translation unit takes to compile.",
        ("compilers", "prediction"),
        "Compilers and program optimisation",
        (NOOR,),
        REJECTED,
    ),
    DemoPaper(
        "rejected-4",
        "Learning thermostat schedules for server rooms",
        "A policy learns when to pre-cool a small server room.",
        ("cooling", "control"),
        "Datacenter and cluster control",
        (LENA,),
        REJECTED,
    ),
    DemoPaper(
        "withdrawn-1",
        "Learned garbage collection pacing",
        "A model decides when a managed runtime should start collecting.",
        ("garbage collection",),
        "Operating and runtime systems",
        (JO, RAVI),
        WITHDRAWN,
    ),
]

PAPERS_2018 = ORALS + POSTERS + OTHERS

NEXT_EDITION_DRAFT = DemoPaper(
    "next-draft",
    "Learning to schedule accelerator kernels",
    "A draft: a learned scheduler for kernels on shared accelerators.",
    ("scheduling", "accelerators"),
    "Scheduling and resource management",
    (SAM,),
    "draft",
)
