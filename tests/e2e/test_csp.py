"""The Content-Security-Policy in Chromium: the demo's pages — public, author, reviewer,
the organizer's admin and the API docs — run under the policy with zero violations, and
the counter is shown to catch one when there is one."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.workshops import DEMO_PASSWORD
from people.models import User
from schedule.models import ScheduleItem
from submissions import services as submission_services
from submissions.models import Submission
from workshop.models import Workshop

from ..submissions.pdfs import make_paper
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every violation the page reports, also those in report-only mode, kept on the window.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.effectiveDirective} ${e.blockedURI || "inline"} ${where}`);
});
"""


class Watch:
    """Visits pages and counts the CSP violations each reports (event and console)."""

    def __init__(self, page):
        self.page, self.violations, self.visited = page, [], []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(f"{self.page.url} console: {message.text}")

    def collect(self):
        # Scripts that fetch (the schedule, a bid) report late; on a busy machine the
        # admin's many static files take a while too.
        self.page.wait_for_load_state("networkidle", timeout=60_000)
        found = self.page.evaluate("window.__csp || []")
        self.violations.extend(f"{self.page.url} {v}" for v in found)
        self.visited.append(self.page.url)

    def visit(self, path):
        response = self.page.goto(path)
        assert response.status == 200, (path, response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        self.collect()


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("loaddemo", stdout=StringIO())
    # A paper to bid on in the edition whose call is open.
    nxt = Workshop.objects.get(slug="ml-for-systems-next")
    Workshop.objects.filter(pk=nxt.pk).update(bidding_open=True)
    author = User.objects.get(email="author1@example.org")
    submission_services.create_submission(
        workshop=nxt,
        by=author,
        title="Learned index structures for the next edition",
        abstract="We learn an index.",
        authors=[submission_services.AuthorData(author.name, author.email, "Toronto")],
        pdf=submission_services.Upload("paper.pdf", make_paper()),
        submit=True,
    )
    return Workshop.objects.get(slug="ml-for-systems-2018")


def test_the_site_runs_under_its_csp_without_a_violation(page, demo, browser):
    watch = Watch(page)
    for path in (
        "/",
        "/ml-for-systems-2018/",
        "/ml-for-systems-next/",
        "/ml-for-systems-2018/schedule/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ):
        watch.visit(path)
    # The schedule's script builds the interactive timeline; use its filters.
    watch.visit("/ml-for-systems-2018/schedule/?tz=Europe/Berlin")
    expect(page.locator("#schedule-app")).to_be_visible()

    # The API docs: Swagger UI from the sidecar's static files, started by a script file.
    watch.visit("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    watch.collect()

    # An author's submit form, with the script adding an author row.
    log_in(page, "author1@example.org", DEMO_PASSWORD)
    watch.visit("/ml-for-systems-next/submit/")
    rows = page.locator("[data-author-row]").count()
    page.get_by_role("button", name="Add an author").click()
    expect(page.locator("[data-author-row]")).to_have_count(rows + 1)
    watch.collect()
    watch.visit("/me/submissions/")
    watch.visit("/profile/")
    watch.visit("/accounts/email/")
    page.context.clear_cookies()

    # A reviewer's bidding page, a bid saved through the API by the script.
    log_in(page, "reviewer1@example.org", DEMO_PASSWORD)
    watch.visit("/ml-for-systems-next/reviewing/bids/")
    first = page.locator("form.bid-form").first
    first.locator("input[name=preference][value=willing]").check()
    expect(first.locator(".bid-status")).to_contain_text("Saved")
    watch.collect()
    watch.visit("/ml-for-systems-2018/reviewing/")
    page.context.clear_cookies()

    # The organizer's admin: change forms, the reviewing desk with its charts, the program.
    log_in(page, "organizer@example.org", DEMO_PASSWORD)
    paper = Submission.objects.filter(workshop=demo).order_by("number").first()
    item = ScheduleItem.objects.filter(workshop=demo).order_by("pk").first()
    for path in (
        "/admin/",
        f"/admin/workshop/workshop/{demo.pk}/change/",
        f"/admin/submissions/submission/{paper.pk}/change/",
        "/admin/submissions/submission/",
        "/admin/workshop/outgoingemail/",
        f"/admin/reviews/reviewingoverview/{demo.pk}/assignment/",
        f"/admin/reviews/reviewingoverview/{demo.pk}/decisions/",
        f"/admin/schedule/program/{demo.pk}/change/",
        f"/admin/schedule/scheduleitem/{item.pk}/change/",
        "/admin/schedule/room/add/",
    ):
        watch.visit(path)

    assert len(watch.visited) >= 25
    assert watch.violations == []

    # The counter works: an inline style attribute is reported once.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    watch.collect()
    assert len(watch.violations) >= 1 and "style-src" in watch.violations[0]
