"""The demo's papers: ML for Systems 2018 with real, passing PDFs and released decisions,
and a draft in the open edition. (tests/workshop/test_demo.py checks that a second run
changes no row.)"""

import hashlib
import io
from collections import Counter
from io import StringIO

import pypdf
import pytest
from django.core.management import call_command

from demo.next_data import EARLY_PAPERS
from demo.paper_data import NEXT_EDITION_DRAFT, PAPERS_2018
from submissions import checks, pdfcheck, publication
from submissions.models import Submission
from workshop.models import Workshop

from .conftest import stored_files

pytestmark = pytest.mark.django_db


def test_the_2018_papers_with_their_pdfs_and_decisions(private_media):
    call_command("loaddemo", stdout=StringIO())
    mlsys = Workshop.objects.get(slug="ml-for-systems-2018")
    papers = {s.title: s for s in mlsys.submissions.prefetch_related("authors", "versions")}
    assert set(papers) == {p.title for p in PAPERS_2018}
    assert Counter(s.status for s in papers.values()) == Counter(p.decision for p in PAPERS_2018)
    assert mlsys.decisions_released_at == mlsys.notification_at

    for demo in PAPERS_2018:
        submission = papers[demo.title]
        assert [(a.name, a.email) for a in submission.authors.all()] == [
            (name, email) for name, email, _ in demo.authors
        ]
        assert submission.submitted_at < mlsys.submission_deadline
        version = submission.versions.get(kind="submission")
        with version.file.open("rb") as handle:
            report = pdfcheck.check_pdf(handle.read(), checks.rules_for(mlsys, demo_authors(demo)))
        assert report.ok and report.pages_before_references == 3, demo.key
        assert submission.topics.get().name == demo.topic
        # Accepted papers are public, with a camera-ready version that names the authors.
        public = publication.public_paper(mlsys, submission.public_slug or "-")
        assert (public is not None) == submission.is_accepted, demo.key
        if submission.is_accepted:
            camera_ready = publication.public_pdf(public)
            with camera_ready.file.open("rb") as handle:
                data = handle.read()
            rules = checks.rules_for(mlsys, demo_authors(demo), camera_ready=True)
            assert pdfcheck.check_pdf(data, rules).ok, demo.key
            assert hashlib.sha256(data).hexdigest() == camera_ready.stored_sha256
            first_page = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
            assert demo.authors[0][0] in first_page, demo.key
        else:
            assert submission.versions.filter(kind="camera_ready").count() == 0

    # The demo authors see their papers (author3 is on four of them, one withdrawn).
    linked = Submission.objects.filter(authors__user__email="author3@example.org")
    listed = [p for p in PAPERS_2018 if "author3@example.org" in {a[1] for a in p.authors}]
    assert linked.filter(workshop=mlsys).count() == len(listed) == 4
    withdrawn = linked.get(status="withdrawn")
    assert withdrawn.withdrawn_at is not None and withdrawn.versions.count() == 1


def test_a_draft_in_the_open_edition_and_no_new_files_on_a_second_run(private_media):
    call_command("loaddemo", stdout=StringIO())
    draft = Submission.objects.get(title=NEXT_EDITION_DRAFT.title)
    assert draft.workshop.slug == "ml-for-systems-next" and draft.status == "draft"
    assert draft.versions.count() == 1
    files = stored_files(private_media)
    accepted = [p for p in PAPERS_2018 if p.decision.startswith("accepted")]
    # The 2018 papers and their camera-ready versions, the draft, and the open edition's
    # early papers (demo/next_data.py).
    assert len(files) == len(PAPERS_2018) + len(accepted) + 1 + len(EARLY_PAPERS)
    call_command("loaddemo", stdout=StringIO())
    assert stored_files(private_media) == files


def demo_authors(demo):
    return [{"name": name, "email": email} for name, email, _ in demo.authors]
