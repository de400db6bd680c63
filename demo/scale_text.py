"""Words for the load generator: titles, abstracts and expertise drawn around one of a
few dozen topics, so that affinity has something to find and search has words to match."""

import json

TOPICS = [
    "Compilers", "Databases", "Networking", "Storage", "Schedulers", "Hardware",
    "Distributed training", "Inference serving", "Security", "Energy",
    "Query optimisation", "Caching", "Memory", "Autotuning", "Program synthesis",
    "Cloud resources", "Edge devices", "Simulation", "Verification", "Data pipelines",
]  # fmt: skip

_TOPIC_WORDS = {
    0: "compiler loop vectorisation register tiling polyhedral kernel code generation",
    1: "database index join table transaction learned cardinality estimator",
    2: "network congestion packet routing bandwidth traffic flow datacenter",
    3: "storage disk flash ssd file system compaction tiering",
    4: "scheduler cluster job queue placement fairness preemption",
    5: "hardware accelerator chip fpga systolic tensor core design",
    6: "distributed training gradient parameter server allreduce pipeline parallelism",
    7: "inference serving latency batching model server request",
    8: "security malware intrusion anomaly attack fuzzing",
    9: "energy power thermal battery carbon efficiency",
    10: "query optimiser plan cost model join order",
    11: "cache replacement prefetching eviction hit ratio",
    12: "memory allocation garbage collection page tlb",
    13: "autotuning configuration search bayesian optimisation knob",
    14: "program synthesis superoptimisation search rewrite",
    15: "cloud resource autoscaling vm provisioning cost",
    16: "edge device mobile quantisation pruning on-device",
    17: "simulation simulator surrogate trace replay",
    18: "verification testing invariant proof bug",
    19: "data pipeline preprocessing etl stream ingestion",
}
_COMMON = [
    "learned",
    "model",
    "reinforcement",
    "learning",
    "neural",
    "policy",
    "graph",
    "workload",
    "benchmark",
    "heuristic",
    "baseline",
    "system",
    "performance",
    "evaluation",
    "prediction",
    "adaptive",
    "online",
]
_WORDS = {t: words.split() for t, words in _TOPIC_WORDS.items()}
_SURNAMES = [
    "Ng",
    "Kim",
    "Chen",
    "Garcia",
    "Müller",
    "Rossi",
    "Dubois",
    "Silva",
    "Tanaka",
    "Okafor",
    "Novak",
    "Haddad",
    "Ivanova",
    "Larsen",
    "Kowalski",
    "Nguyen",
    "Patel",
    "Cohen",
    "Moreau",
    "Santos",
]
REVIEW = (
    "The paper applies a learned model to a systems problem.",
    "Clear motivation; a careful evaluation.",
    "The baselines could be stronger.",
    "Please report tail latency as well.",
    "",
)


def surname(i: int) -> str:
    return _SURNAMES[i % len(_SURNAMES)]


INSTITUTES = 5000  # two reviewers and four or five authors each at full size


def institute(i: int) -> str:
    return f"scale-inst{i % INSTITUTES}"


def affiliation(i: int) -> str:
    """A name in letters only (conflict detection reads "Institute 7" and "Institute 70"
    as the same institute once it drops the digits)."""
    n, letters = i % INSTITUTES, ""
    for _ in range(3):
        n, digit = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return f"{letters.capitalize()} Institute"


def _words(rng, topic: int, count: int) -> list[str]:
    own = _WORDS[topic]
    picks = rng.random(count) < 0.6
    mine = rng.integers(0, len(own), size=count)
    common = rng.integers(0, len(_COMMON), size=count)
    return [own[a] if pick else _COMMON[b] for pick, a, b in zip(picks, mine, common, strict=True)]


def title(rng, topic: int) -> str:
    return " ".join(_words(rng, topic, 7)).capitalize()


def abstract(rng, topic: int) -> str:
    return (" ".join(_words(rng, topic, 70)) + ".").capitalize()


def keywords(rng, topic: int) -> list[str]:
    return sorted(set(_words(rng, topic, 4)))


def recent_papers(rng, topic: int) -> str:
    return "\n\n".join(f"{title(rng, topic)}\n{abstract(rng, topic)}" for _ in range(2))


def json_list(values: list[str]) -> str:
    return json.dumps(values)
