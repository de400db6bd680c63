"""An attendee in a real Chromium, on the demo workshop: from the home page to the program,
a paper's page and its PDF by clicks only, and the same by keyboard; every public page on a
phone (375 px) and a desktop (1280 px), with no serious or critical axe-core violation."""

import hashlib
import re
from io import StringIO

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.core.management import call_command
from playwright.sync_api import expect

from schedule.models import PosterBoard
from submissions.models import Submission

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "ml-for-systems-2018"
IROKO = "Iroko: an emulator for learning datacenter congestion control"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("loaddemo", stdout=StringIO())
    return Submission.objects.get(workshop__slug=SLUG, title=IROKO)


def serious_violations(page) -> list[str]:
    """axe-core run in the page; the violations rated serious or critical, one line each."""
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_from_the_home_page_to_a_papers_pdf_by_clicks(page, demo, screenshot, tmp_path):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    page.get_by_role("link", name="Program of Machine Learning for Systems").click()
    expect(page).to_have_url(re.compile(f"/{SLUG}/schedule/$"))
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")

    # The timeline script links the talk's paper to its page.
    talk = page.locator("#schedule-app .item", has_text=IROKO).first
    talk.get_by_text("Details").click()
    talk.get_by_role("link", name=IROKO).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(IROKO)
    expect(page.get_by_role("navigation", name="Machine Learning for Systems")).to_be_visible()
    shown_sha = page.locator("code.sha").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "iroko-camera-ready.pdf"
    saved = tmp_path / "iroko.pdf"
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == shown_sha
    assert shown_sha == demo.versions.get(kind="camera_ready").stored_sha256

    # The header leads to the poster sessions; a board leads to its paper.
    page.get_by_role("navigation", name="Machine Learning for Systems").get_by_role(
        "link", name="Posters"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poster sessions")
    first = PosterBoard.objects.filter(item__workshop__slug=SLUG).order_by(
        "item__start_at", "number"
    )[0]
    page.locator(f"#board-{first.item_id}-{first.number}").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.submission.title)
    expect(page.get_by_text(f"Poster session 1, board {first.number}")).to_be_visible()

    # And to the papers, each with its BibTeX.
    page.get_by_role("link", name="Papers", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accepted papers")
    expect(page.locator(".paper-card")).to_have_count(
        Submission.objects.filter(workshop__slug=SLUG, status__startswith="accepted").count()
    )
    screenshot(page, "attendee-journey-papers")


def test_by_keyboard_alone(page, demo):
    page.set_viewport_size(DESKTOP)
    page.goto(f"/{SLUG}/")

    def tab_to(name: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.textContent.trim()")
            if focused == name:
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"{name} has no visible focus"
                return
        raise AssertionError(f"Tab never reached “{name}”")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    tab_to("Papers")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/{SLUG}/papers/$"))
    tab_to(IROKO)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(IROKO)
    with page.expect_download() as download:
        tab_to("Download the PDF")
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "iroko-camera-ready.pdf"


def test_every_public_page_on_a_phone_and_a_desktop(browser, live_server, demo, screenshot):
    speaker = "jeff-dean"
    pages = {
        "home": "/",
        "workshop": f"/{SLUG}/",
        "program": f"/{SLUG}/schedule/",
        "papers": f"/{SLUG}/papers/",
        "paper": f"/{SLUG}/papers/{demo.public_slug}/",
        "posters": f"/{SLUG}/posters/",
        "speakers": f"/{SLUG}/speakers/",
        "speaker": f"/{SLUG}/speakers/{speaker}/",
        "before-release": "/ml-for-systems-next/",
    }
    saved, problems = [], []
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="en-GB", timezone_id="UTC"
        )
        tab = context.new_page()
        for name, url in pages.items():
            response = tab.goto(url)
            assert response.status == 200, url
            if name == "program":
                expect(tab.locator("#schedule")).to_have_attribute("data-ready", "true")
            wide = tab.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            if wide:
                problems.append(f"{url} is wider than the {size} screen")
            problems += [f"{url} ({size}): {v}" for v in serious_violations(tab)]
            saved.append(screenshot(tab, f"attendee-{name}-{size}"))
        context.close()
    assert problems == []
    assert all(path.exists() for path in saved)
