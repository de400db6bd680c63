"""The open edition's reviewing phase: data only (demo/next_edition.py loads it).

Papers that other demo authors submitted early in the call (titles and abstracts written
for the demo), the reviewers invented for the pool, and the draft of the day's program:
the invited part, which organizers announce long before the papers are chosen.
"""

from datetime import timedelta

from schedule.enums import ItemKind

from .paper_data import JO, LENA, NOOR, RAVI, DemoPaper

SUBMITTED = "submitted"

# Submitted before the deadline and already under review: the early papers of a rolling
# call. The first two have their reviewers (see REVIEWED_EARLY); the rest await the desk.
EARLY_PAPERS = [
    DemoPaper(
        "streaming-cardinality",
        "Learned cardinality estimates for streaming joins",
        "Query optimisers of stream processors guess the size of joins over sliding windows. "
        "We train a small model on the optimiser's own history of join sizes and feed its "
        "cardinality estimates back into join ordering, halving the tail latency of a "
        "benchmark of streaming queries.",
        ("cardinality estimation", "query optimisation", "stream processing"),
        "Databases and query optimisation",
        (RAVI, NOOR),
        SUBMITTED,
    ),
    DemoPaper(
        "spatial-learned-index",
        "A learned index for spatial data on flash storage",
        "Learned indexes replace the inner nodes of a tree with regression models. We extend "
        "them to two-dimensional points stored on flash, ordering the records along a "
        "space-filling curve so that range queries read fewer pages than with an R-tree.",
        ("learned indexes", "spatial data", "range queries", "storage"),
        "Learned data structures",
        (LENA, JO),
        SUBMITTED,
    ),
    DemoPaper(
        "few-shot-autotuning",
        "Autotuning tensor kernels with few measurements",
        "Compilers for tensor programs search thousands of schedules per kernel. A cost model "
        "pretrained on other hardware, then adjusted with a handful of measurements on the "
        "new device, finds schedules within 5% of a full search with 20 times fewer runs.",
        ("autotuning", "tensor programs", "compilers", "transfer learning"),
        "Compilers and program optimisation",
        (LENA, JO),
        SUBMITTED,
    ),
    DemoPaper(
        "congestion-regret",
        "Congestion control that learns from its own mistakes",
        "A reinforcement-learning sender adjusts its congestion window from the delays and "
        "losses it observes, and replays its worst decisions during idle time. On emulated "
        "datacentre networks it keeps queues shorter than DCTCP at equal throughput.",
        ("congestion control", "reinforcement learning", "datacenter networks"),
        "Networking",
        (RAVI,),
        SUBMITTED,
    ),
    DemoPaper(
        "cooling-graphs",
        "Forecasting datacentre cooling load with graph networks",
        "Sensors of a datacentre form a graph of racks, aisles and chillers. A graph network "
        "forecasts the cooling load an hour ahead, and a controller uses the forecast to "
        "raise set points safely, saving energy without breaking temperature limits.",
        ("datacenter control", "graph neural networks", "forecasting"),
        "Datacenter and cluster control",
        (RAVI, NOOR),
        SUBMITTED,
    ),
    DemoPaper(
        "fpga-placement",
        "Quantisation-aware placement of neural networks on FPGAs",
        "Where each layer of a network runs on an FPGA depends on the bitwidth it is "
        "quantised to. We search both at once with policy optimisation and fit networks "
        "into smaller devices than a placer that ignores quantisation.",
        ("quantisation", "FPGA", "placement", "hardware design"),
        "Hardware and circuit design",
        (LENA,),
        SUBMITTED,
    ),
]

R1, R2, R3 = "reviewer1@example.org", "reviewer2@example.org", "reviewer3@example.org"

# The organizers gave each demo reviewer two early papers in their field by hand: one they
# have reviewed, one still to review. The desk's proposal fills the other places.
EARLY_ASSIGNMENT = [
    ("streaming-cardinality", R1),
    ("spatial-learned-index", R1),
    ("few-shot-autotuning", R2),
    ("fpga-placement", R2),
    ("cooling-graphs", R3),
    ("congestion-regret", R3),
]

EARLY_REVIEWS = {
    ("streaming-cardinality", R1): {
        "score": 4,
        "confidence": 3,
        "summary": "The paper feeds learned join-size estimates back into the join ordering "
        "of a stream processor and measures the tail latency of streaming queries.",
        "strengths": "A real problem of stream processors, and a simple model that a system "
        "could afford to run.",
        "weaknesses": "Only one benchmark; it is unclear how the model copes with a sudden "
        "change of the input rate.",
        "comments_to_authors": "Please add a workload whose input rate changes, and report "
        "the cost of retraining.",
    },
    ("few-shot-autotuning", R2): {
        "score": 5,
        "confidence": 3,
        "summary": "A pretrained cost model, adjusted with a few measurements on new "
        "hardware, guides the schedule search of a tensor compiler.",
        "strengths": "Large savings in measurements, on three kinds of hardware.",
        "weaknesses": "The choice of the measured schedules is not explained.",
        "comments_to_authors": "Explain how the schedules to measure are chosen.",
    },
    ("cooling-graphs", R3): {
        "score": 3,
        "confidence": 2,
        "summary": "A graph network forecasts a datacentre's cooling load, and a controller "
        "raises set points with the forecast.",
        "strengths": "A clear safety argument for the controller.",
        "weaknesses": "The forecast is compared with a persistence baseline only.",
        "comments_to_authors": "Compare with a seasonal baseline and report the energy saved.",
    },
}

# Reviewers without a login who join the three demo reviewers in the open edition's pool
# (by address, from demo/pool_data.py INVENTED).
POOL_EXTRA = (
    "hana.kobayashi@example.org",
    "oskar.lindqvist@example.org",
    "amara.nwosu@example.org",
    "felix.brandt@example.org",
    "lucia.ferraro@example.org",
    "david.osei@example.org",
)

# The draft program: (key, kind, title, description, from the day's start, length, who).
# "organizers" are the public organizers; the invited speakers are not announced yet.
PROGRAM = [
    (
        "opening",
        ItemKind.OPENING,
        "Opening remarks",
        "The organizers welcome everyone and walk through the day.",
        timedelta(hours=1),
        timedelta(minutes=10),
        "organizers",
    ),
    (
        "keynote",
        ItemKind.INVITED_TALK,
        "Learned systems in production: what survived",
        "Which learned components made it into production systems, which were rolled back, "
        "and what the difference was.",
        timedelta(hours=1, minutes=10),
        timedelta(minutes=40),
        [],
    ),
    (
        "posters",
        ItemKind.POSTER_SESSION,
        "Poster session",
        "The accepted papers, on boards assigned once the decisions are made.",
        timedelta(hours=1, minutes=50),
        timedelta(hours=1, minutes=10),
        [],
    ),
    ("lunch", ItemKind.BREAK, "Lunch", "", timedelta(hours=3), timedelta(hours=1), []),
    (
        "panel",
        ItemKind.PANEL,
        "Panel: where should systems stop learning?",
        "Safety, debuggability and the cost of retraining, with the invited speakers.",
        timedelta(hours=4),
        timedelta(hours=1),
        [],
    ),
    (
        "closing",
        ItemKind.CLOSING,
        "Closing remarks",
        "The organizers close the day.",
        timedelta(hours=5),
        timedelta(minutes=10),
        "organizers",
    ),
]
