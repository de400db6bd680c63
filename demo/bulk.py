"""Fast inserts for the load generator: PostgreSQL's COPY for the big tables whose ids
nobody needs back (affinities, bids, conflicts, authors, reviews...), and bulk_create in
batches elsewhere. COPY writes every column it is given and nothing else, so the callers
name each NOT NULL column, the times included (auto_now_add is Python's, not the table's)."""

import io
from collections.abc import Iterable, Sequence

from django.db import connection

BATCH = 5000


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence], *, chunk: int = 50_000):
    """Insert `rows` (tuples in the order of `columns`, attnames like `submission_id`) into
    `model`'s table; returns how many. COPY on PostgreSQL, bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return len(objects)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {table} ({names}) FROM STDIN"
    total = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: Django's wrapper has no copy_expert

        def flush():
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
            buffer.seek(0)
            buffer.truncate()

        pending = 0
        for row in rows:
            buffer.write("\t".join(_text(v) for v in row))
            buffer.write("\n")
            pending += 1
            if pending == chunk:
                flush()
                total += pending
                pending = 0
        if pending:
            flush()
            total += pending
    return total


def create_in_batches(model, objects: list) -> list:
    """bulk_create in batches; on PostgreSQL the objects come back with their ids."""
    created = []
    for start in range(0, len(objects), BATCH):
        created += model.objects.bulk_create(objects[start : start + BATCH])
    return created
