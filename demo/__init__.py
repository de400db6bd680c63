"""The demo: the ML for Systems workshop at NeurIPS 2018, its sibling and an open edition,
with people, papers, reviewing and the released program (`python manage.py loaddemo`).

It sits above every app and only calls their models and services; no app imports it. Each
step is idempotent, so loading twice changes no row. Data lives beside its loader:
workshops.py (workshops, people), paper_data.py + pdf.py → papers.py, pool_data.py →
reviewing.py, and program.py.
"""
