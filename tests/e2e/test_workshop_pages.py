import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD, UserFactory, WorkshopFactory
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_workshop_and_logs_in(page, screenshot):
    workshop = WorkshopFactory(slug="ml-for-systems-2018", name="Machine Learning for Systems")
    UserFactory(email="ada@uni.example.edu", name="Ada Author")
    page.goto("/")
    page.get_by_role("link", name="Machine Learning for Systems").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.name)
    deadline = page.locator("dd time").first
    expect(deadline).to_contain_text("AoE (UTC−12)")
    # The browser adds the reader's own time (here America/Toronto) next to it.
    assert "your time" in deadline.get_attribute("data-local")
    screenshot(page, "workshop-page")

    log_in(page, "ada@uni.example.edu", PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
