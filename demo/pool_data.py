"""The demo's reviewer pool for ML for Systems 2018: data only (demo/reviewing.py loads it).

The three demo logins (reviewer1-3@example.org, created by demo/workshops.py) and fifteen
invented reviewers without logins, each with a short expertise profile: keywords, a
topic, and two recent papers written for the demo (titles and abstracts in our own
words, not real papers). Two of them share an affiliation with demo authors, so the
conflict detection has something to find.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoReviewer:
    email: str
    name: str
    affiliation: str
    topic: str
    keywords: tuple[str, ...]
    papers: tuple[tuple[str, str], ...]  # (title, abstract)
    login: bool = False


def _paragraphs(papers: tuple[tuple[str, str], ...]) -> str:
    return "\n\n".join(f"{title}\n{abstract}" for title, abstract in papers)


def recent_papers_text(reviewer: DemoReviewer) -> str:
    return _paragraphs(reviewer.papers)


LOGINS = [
    DemoReviewer(
        "reviewer1@example.org",
        "Priya Raman",
        "University of Waterloo",
        "Databases and query optimisation",
        ("learned indexes", "query optimisation", "cardinality estimation"),
        (
            (
                "Learned index structures for range queries",
                "Small regression models replace the inner nodes of a B-tree and predict the "
                "position of a key in a sorted array of database records.",
            ),
            (
                "Cardinality estimation with learned models for join ordering",
                "A learned estimator of join sizes guides the query optimiser of a database "
                "towards better join orders.",
            ),
        ),
        login=True,
    ),
    DemoReviewer(
        "reviewer2@example.org",
        "Tomás Ibarra",
        "ETH Zürich",
        "Compilers and program optimisation",
        ("compilers", "autotuning", "program synthesis", "tensor programs"),
        (
            (
                "Autotuning tensor programs with learned cost models",
                "A cost model trained on measured run times ranks schedules of tensor "
                "operators so that compiler autotuning needs fewer measurements.",
            ),
            (
                "Program synthesis from input-output examples",
                "A neural model guides the search of a program synthesiser that writes "
                "data transformation programs from examples.",
            ),
        ),
        login=True,
    ),
    DemoReviewer(
        "reviewer3@example.org",
        "Mei Lin Zhou",
        "Carnegie Mellon University",
        "Networking",
        ("reinforcement learning", "congestion control", "cluster scheduling"),
        (
            (
                "Reinforcement learning for datacenter congestion control",
                "A reinforcement learning agent sets sending rates in datacenter networks and "
                "is compared with TCP variants in an emulator.",
            ),
            (
                "Learning cluster scheduling policies",
                "Graph neural networks encode job graphs and a reinforcement learning agent "
                "learns scheduling policies for a data-parallel cluster.",
            ),
        ),
        login=True,
    ),
]

INVENTED = [
    DemoReviewer(
        "hana.kobayashi@example.org",
        "Hana Kobayashi",
        "Kyoto Systems Lab",
        "Computer architecture",
        ("computer architecture", "prefetching", "virtual memory"),
        (
            (
                "Neural prefetchers for irregular memory access",
                "A recurrent model learns memory access patterns and issues prefetches for "
                "pointer-chasing workloads.",
            ),
            (
                "Predicting address translation misses",
                "A lightweight predictor of page-table walks reduces the cost of translation "
                "misses in virtual memory.",
            ),
        ),
    ),
    DemoReviewer(
        "oskar.lindqvist@example.org",
        "Oskar Lindqvist",
        "KTH Royal Institute of Technology",
        "Hardware and circuit design",
        ("circuit design", "analog circuits", "reinforcement learning"),
        (
            (
                "Reinforcement learning for analog circuit sizing",
                "An agent chooses transistor sizes of analog circuits to meet specifications "
                "with few simulations.",
            ),
            (
                "Transfer across circuit topologies",
                "Policies trained to size one analog circuit topology adapt to new topologies "
                "with little additional training.",
            ),
        ),
    ),
    DemoReviewer(
        "amara.nwosu@example.org",
        "Amara Nwosu",
        "University of Toronto",
        "Scheduling and resource management",
        ("device placement", "reinforcement learning", "graph neural networks"),
        (
            (
                "Device placement for large computation graphs",
                "Reinforcement learning places the operations of a neural network's "
                "computation graph on several GPUs to minimise step time.",
            ),
            (
                "Generalising placement policies to unseen graphs",
                "Graph embeddings let a placement policy transfer to computation graphs it was "
                "not trained on.",
            ),
        ),
    ),
    DemoReviewer(
        "felix.brandt@example.org",
        "Felix Brandt",
        "TU Munich",
        "Hardware and circuit design",
        ("quantisation", "accelerators", "hardware design"),
        (
            (
                "Mixed-precision quantisation for accelerators",
                "Per-layer bitwidths are chosen to keep accuracy while reducing the energy of "
                "a neural network accelerator.",
            ),
            (
                "Co-design of networks and accelerators",
                "A joint search over network architectures and accelerator parameters finds "
                "efficient hardware and models together.",
            ),
        ),
    ),
    DemoReviewer(
        "lucia.ferraro@example.org",
        "Lucia Ferraro",
        "Politecnico di Milano",
        "Operating and runtime systems",
        ("operating systems", "garbage collection", "serverless"),
        (
            (
                "Learning when to collect garbage",
                "A model of allocation rates decides when a managed runtime starts garbage "
                "collection to reduce pauses.",
            ),
            (
                "Faster cold starts for serverless functions",
                "Snapshots and prefetching of memory pages shorten the cold start of "
                "serverless functions.",
            ),
        ),
    ),
    DemoReviewer(
        "david.osei@example.org",
        "David Osei",
        "University of Ghana",
        "Datacenter and cluster control",
        ("datacenter cooling", "control", "reinforcement learning"),
        (
            (
                "Model predictive control for datacenter cooling",
                "A learned model of a datacenter's thermal dynamics drives a controller that "
                "lowers cooling energy.",
            ),
            (
                "Safe exploration for building control",
                "Constraints keep a learning controller of a building's heating within safe "
                "temperatures while it explores.",
            ),
        ),
    ),
    DemoReviewer(
        "sofia.marquez@example.org",
        "Sofía Márquez",
        "Universidad de Chile",
        "Networking",
        ("video streaming", "adaptive bitrate", "network measurement"),
        (
            (
                "Adaptive bitrate selection with reinforcement learning",
                "A policy trained on network traces chooses video bitrates to improve quality "
                "of experience.",
            ),
            (
                "Estimating traffic matrices from few counters",
                "Sparse recovery methods estimate network traffic matrices from a small set of "
                "measurements.",
            ),
        ),
    ),
    DemoReviewer(
        "arjun.mehta@example.org",
        "Arjun Mehta",
        "IIT Bombay",
        "Databases and query optimisation",
        ("approximate query processing", "sampling", "data analytics"),
        (
            (
                "Sampling for approximate aggregate queries",
                "Bandit algorithms choose which samples to read so approximate answers to "
                "aggregate queries converge faster.",
            ),
            (
                "Skipping raw data before parsing",
                "Cheap filters discard records of raw data files before the expensive parsing "
                "step of analytics queries.",
            ),
        ),
    ),
    DemoReviewer(
        "ingrid.halvorsen@example.org",
        "Ingrid Halvorsen",
        "University of Oslo",
        "Operating and runtime systems",
        ("storage", "caching", "flash"),
        (
            (
                "Admission policies for flash caches",
                "A classifier decides which objects enter a flash cache to reduce writes and "
                "extend the device's life.",
            ),
            (
                "Grouping files for archival storage",
                "Clustering of access traces groups files read together so cold storage "
                "serves them with fewer seeks.",
            ),
        ),
    ),
    DemoReviewer(
        "mateo.rossi@example.org",
        "Mateo Rossi",
        "University of Edinburgh",
        "Compilers and program optimisation",
        ("compilers", "phase ordering", "fuzzing"),
        (
            (
                "Learning compiler optimisation pass orders",
                "Reinforcement learning picks the order of compiler optimisation passes per "
                "program to reduce run time.",
            ),
            (
                "Neural guidance for fuzz testing",
                "A model predicts which inputs reach new coverage and steers a fuzzer towards "
                "them.",
            ),
        ),
    ),
    DemoReviewer(
        "yara.haddad@example.org",
        "Yara Haddad",
        "American University of Beirut",
        "Datacenter and cluster control",
        ("load balancing", "key-value stores", "caching"),
        (
            (
                "Learned load balancing for key-value stores",
                "A learned router spreads skewed request loads over the servers of a "
                "key-value store.",
            ),
            (
                "Cache eviction for content delivery",
                "A model of object reuse distances drives eviction decisions in "
                "content-delivery caches.",
            ),
        ),
    ),
    DemoReviewer(
        "noah.fischer@example.org",
        "Noah Fischer",
        "University of Washington",
        "Learned data structures",
        ("learned indexes", "bloom filters", "hashing"),
        (
            (
                "Learned Bloom filters",
                "A classifier in front of a small Bloom filter answers membership queries with "
                "less memory.",
            ),
            (
                "Learned hash functions for skewed keys",
                "Models of the key distribution give hash functions with fewer collisions for "
                "skewed data.",
            ),
        ),
    ),
    DemoReviewer(
        "leila.rahimi@example.org",
        "Leila Rahimi",
        "University of Tehran",
        "Computer architecture",
        ("branch prediction", "microarchitecture", "neural predictors"),
        (
            (
                "Perceptron branch predictors revisited",
                "Neural branch predictors are evaluated under realistic latency and storage "
                "budgets of a processor pipeline.",
            ),
            (
                "Learning cache replacement in processors",
                "Imitation of an optimal policy trains a cache replacement policy for the last "
                "level cache.",
            ),
        ),
    ),
    DemoReviewer(
        "tomasz.nowak@example.org",
        "Tomasz Nowak",
        "University of Warsaw",
        "Scheduling and resource management",
        ("cluster scheduling", "resource management", "tail latency"),
        (
            (
                "Performance-aware resource allocation in the cloud",
                "Learned performance models choose virtual machine types and sizes for cloud "
                "workloads.",
            ),
            (
                "Scheduling for tail latency",
                "A scheduler uses predictions of request latency to keep the tail latency of a "
                "service low.",
            ),
        ),
    ),
    DemoReviewer(
        "chiara.bianchi@example.org",
        "Chiara Bianchi",
        "Sapienza University of Rome",
        "Databases and query optimisation",
        ("query optimisation", "join ordering", "recommender systems"),
        (
            (
                "Join ordering as a Markov decision process",
                "A learned query optimiser treats join ordering as sequential decisions and "
                "improves plans for analytical queries.",
            ),
            (
                "Serving large recommender models",
                "Caching and batching make the serving of large recommender models meet "
                "latency targets.",
            ),
        ),
    ),
]

POOL = LOGINS + INVENTED
