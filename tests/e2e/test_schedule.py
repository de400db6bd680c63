"""The schedule in a real Chromium: an attendee reads the demo program in several zones and
takes an item home as .ics; an organizer moves an item in the admin and releases it."""

from io import StringIO

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

from schedule import services
from schedule.models import ScheduleItem

from ..factories import PASSWORD, RoleFactory, UserFactory, WorkshopFactory
from ..schedule.conftest import _forget_local_answers, item, speaker, utc  # noqa: F401
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE = "/ml-for-systems-2018/schedule/"


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("loaddemo", stdout=StringIO())
    return ScheduleItem.objects.get(workshop__slug="ml-for-systems-2018", kind="opening")


def start_of(page, item_id):
    return page.locator(f"#item-{item_id} .when time").first


def test_attendee_switches_zones_and_downloads_an_item(page, demo, screenshot):
    page.goto(PAGE)
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")
    banner = page.locator("#tz-banner")
    expect(banner).to_have_text("Times shown in America/Toronto (Montréal)")
    expect(start_of(page, demo.pk)).to_have_text("09:00")
    expect(page.get_by_role("heading", name="Saturday 8 December 2018")).to_be_visible()
    # Each item once: the server-rendered list goes when the timeline takes over.
    expect(page.locator(f"[id='item-{demo.pk}']")).to_have_count(1)
    expect(page.locator("a", has_text="Add to calendar (.ics)")).to_have_count(18)
    screenshot(page, "schedule-page")

    zone = page.get_by_label("Time zone")
    zone.select_option("America/Los_Angeles")
    expect(banner).to_have_text("Times shown in America/Los_Angeles")
    expect(start_of(page, demo.pk)).to_contain_text("6:00")
    expect(start_of(page, demo.pk)).to_have_text("06:00")
    zone.select_option("UTC")
    expect(start_of(page, demo.pk)).to_have_text("14:00")
    expect(banner).to_have_text("Times shown in UTC")

    # The choice is remembered.
    page.reload()
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")
    expect(start_of(page, demo.pk)).to_have_text("14:00")
    expect(page.get_by_label("Time zone")).to_have_value("UTC")

    # "My time zone": the browser's (this context runs in America/Toronto).
    zone.select_option("local")
    expect(banner).to_contain_text("Times shown in America/Toronto")
    expect(start_of(page, demo.pk)).to_have_text("09:00")

    # Filters by kind, and search.
    page.get_by_label("Poster session").uncheck()
    expect(page.locator("#schedule-app .kind-poster_session")).to_have_count(0)
    page.get_by_label("Poster session").check()
    page.get_by_label("Search the program").fill("Jeff Dean")
    expect(page.locator("#schedule-app .item")).to_have_count(2)  # his talk and the panel
    expect(page.locator("#schedule-count")).to_have_text("Showing 2 of 18 items.")
    page.get_by_label("Search the program").fill("")

    # Poster sessions list their boards.
    session = page.locator("#schedule-app .kind-poster_session").first
    session.get_by_text("Details — 11 posters").click()
    expect(session.locator(".boards li").nth(9)).to_contain_text("Board 10")
    expect(session.locator(".boards li").nth(9)).to_contain_text("Adit Bhardwaj")

    with page.expect_download() as download:
        page.locator(f"#item-{demo.pk}").get_by_role("link", name="Add to calendar (.ics)").click()
    with open(download.value.path(), "rb") as ics:
        calendar = Calendar.from_ical(ics.read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(f"{demo.pk}@")
    assert event.start.isoformat() == "2018-12-08T14:00:00+00:00"
    assert str(event["SUMMARY"]) == "Opening remarks"


def test_now_and_next_during_the_event(page, demo):
    page.goto(PAGE + "?now=2018-12-08T15:30:00Z")
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")
    now = page.locator("#schedule-app .item.now")
    expect(now).to_have_count(1)
    expect(now).to_contain_text("Poster session 1")
    expect(now.locator(".marker")).to_have_text("Now")
    nxt = page.locator("#schedule-app .item.next")
    expect(nxt).to_contain_text("Synthesising DataFrame programs")
    page.goto(PAGE + "?now=2018-12-09T15:30:00Z")  # the day after: no marker
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")
    expect(page.locator("#schedule-app .item.now, #schedule-app .item.next")).to_have_count(0)


def test_on_a_phone_and_without_javascript(browser, live_server, demo):
    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, timezone_id="UTC"
    )
    page = phone.new_page()
    page.goto(PAGE)
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()

    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = plain.new_page()
    page.goto(PAGE)
    expect(page.locator("#tz-banner")).to_have_text("Times shown in America/Toronto (Montréal)")
    expect(page.locator(f"#item-{demo.pk} .when time").first).to_have_text("09:00")
    expect(page.locator("#schedule-controls")).to_be_hidden()
    plain.close()


def test_organizer_moves_an_item_and_releases(page):
    workshop = WorkshopFactory(slug="ml-for-systems", venue="Palais des congrès de Montréal")
    organizer = UserFactory(email="dana@example.org", name="Dana Organizer", is_staff=True)
    RoleFactory(workshop=workshop, user=organizer)
    opening = item(workshop, utc(14), utc(14, 10), kind="opening", title="Opening remarks")
    speaker(opening, "Anna Goldie", email="anna@example.org")
    services.release_schedule(workshop=workshop, by=organizer)

    log_in(page, organizer.email, PASSWORD)
    page.goto(f"/admin/schedule/program/{workshop.pk}/change/")
    expect(page.get_by_text("Timeline — times in America/Toronto (UTC−5)")).to_be_visible()
    row = page.locator("tr.form-row.has_original").first
    row.locator("input[name$='-start_at_1']").fill("09:30:00")
    row.locator("input[name$='-end_at_1']").fill("09:40:00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"/admin/schedule/program/{workshop.pk}/change/")
    page.get_by_role("link", name="Check and release…").click()
    expect(page.get_by_text("Moved: Opening remarks")).to_be_visible()
    page.get_by_role("button", name="Release version 2").click()
    expect(page.locator(".messagelist")).to_contain_text("Version 2 is released")

    page.goto("/ml-for-systems/schedule/")
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")
    expect(page.locator(".version-line")).to_contain_text("Version 2")
    expect(page.locator(f"#item-{opening.pk} .when time").first).to_have_text("09:30")
    page.get_by_label("Time zone").select_option("UTC")
    expect(page.locator(f"#item-{opening.pk} .when time").first).to_have_text("14:30")
