"""The accepted papers in public: the list, a page per paper, poster sessions and BibTeX,
linked from the program; nothing of a paper that is not public gets out."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from schedule import services
from submissions import publication
from submissions import services as submission_services
from tests.factories import AuthorFactory
from tests.submissions.pdfs import make_paper

from .conftest import board, item, paper, present, speaker, utc

pytestmark = pytest.mark.django_db

NOTIFIED = datetime(2018, 11, 16, 17, 0, tzinfo=UTC)
PAPERS = "/ml-for-systems/papers/"


def tell(workshop, *papers):
    """The decisions went out on the notification date."""
    workshop.notification_at = workshop.decisions_released_at = NOTIFIED
    workshop.save()
    publication.record_decisions_sent(submission_ids=[p.pk for p in papers], at=NOTIFIED)
    for p in papers:
        p.refresh_from_db()


def camera_ready(submission, organizer, name="camera-ready.pdf"):
    return submission_services.record_past_camera_ready(
        submission=submission,
        by=organizer,
        pdf=submission_services.Upload(name, make_paper(content_pages=4)),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def program(workshop, organizer, room, media):
    """A talk (Placeto, with a camera-ready PDF), a poster on board 3, and papers that are not
    public: rejected, withdrawn, accepted without their authors told."""
    placeto = paper(workshop, "Placeto: device placement", status="accepted_oral",
                    presenter="Ravi Menon")
    AuthorFactory(submission=placeto, position=1, name="Noor Haddad", affiliation="McGill")
    placeto.authors.filter(position=0).update(affiliation="Stanford University")
    poster = paper(workshop, "Learned index structures", presenter="Stephen Macke")
    rejected = paper(workshop, "A rejected idea", status="rejected", presenter="Rex Jected")
    withdrawn = paper(workshop, "A withdrawn idea", status="withdrawn", presenter="Wit Drawn")
    untold = paper(workshop, "Accepted but untold", status="accepted_poster", presenter="Un Told")
    tell(workshop, placeto, poster, rejected)
    talk = item(workshop, utc(16), utc(16, 15), kind="contributed_talk", title=placeto.title,
                room=room)
    speaker(talk, "Ravi Menon")
    present(talk, placeto)
    session = item(workshop, utc(15), utc(16), kind="poster_session", title="Poster session 1",
                   room=room)
    speaker(session, "Stephen Macke")
    board(session, poster, 3)
    board(session, untold, 4)  # on the program, but not a public paper yet
    services.release_schedule(workshop=workshop, by=organizer)
    pdf = camera_ready(placeto, organizer, "Placeto (camera ready).pdf")
    return {
        "placeto": placeto,
        "poster": poster,
        "hidden": [rejected, withdrawn, untold],
        "talk": talk,
        "session": session,
        "pdf": pdf,
    }


def paper_hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="/ml-for-systems/papers/([^"/]+)/"', html))


def test_the_list_shows_what_an_attendee_needs(client, program):
    placeto, poster, pdf = program["placeto"], program["poster"], program["pdf"]
    html = client.get(PAPERS).content.decode()
    assert "2 papers." in html
    talks, posters = '<h2 id="contributed-talks">', '<h2 id="posters">'
    assert html.index(talks) < html.index(placeto.title) < html.index(posters)
    assert "Ravi Menon <span class=\"affiliation\">(Stanford University)</span>" in html
    assert "Noor Haddad <span class=\"affiliation\">(McGill)</span>" in html
    assert placeto.abstract in html
    # Where each is presented: the talk's time (linked to the program), the poster's board.
    assert f'href="/ml-for-systems/schedule/#item-{program["talk"].pk}"' in html
    assert (
        f'href="/ml-for-systems/posters/#board-{program["session"].pk}-3">'
        "Poster session 1, board 3</a>"
    ) in html
    assert "Saturday 8 December 2018" in html and "11:00" in html  # 16:00 UTC in Toronto
    # The camera-ready PDF with its original name and its SHA-256; BibTeX for each and all.
    assert f'href="/ml-for-systems/papers/{placeto.public_slug}/paper.pdf"' in html
    assert "Placeto (camera ready).pdf" in html and pdf.stored_sha256 in html
    assert f'href="/ml-for-systems/papers/{placeto.public_slug}.bib"' in html
    assert 'href="/ml-for-systems/papers.bib"' in html
    assert "Camera-ready PDF not yet available" in html  # the poster has none yet
    assert paper_hrefs(html) == {placeto.public_slug, poster.public_slug}


def test_papers_that_are_not_public_leave_no_trace(client, program, outsider):
    hidden = program["hidden"]
    pages = [
        PAPERS,
        f"{PAPERS}{program['placeto'].public_slug}/",
        "/ml-for-systems/papers.bib",
        "/ml-for-systems/posters/",
        "/ml-for-systems/schedule/",
        "/api/v1/workshops/ml-for-systems/papers/",
    ]
    for viewer in (None, outsider):
        if viewer:
            client.force_login(viewer)
        for url in pages:
            html = client.get(url).content.decode()
            for p in hidden:
                if url.endswith(("/posters/", "/schedule/")) and p.title == "Accepted but untold":
                    continue  # on the released program by the organizers' choice; no link
                assert p.title not in html, (url, p.title)
            assert paper_hrefs(html) <= {program["placeto"].public_slug,
                                         program["poster"].public_slug}, url
    # A rejected paper's would-be address answers as a paper that never existed.
    for p in hidden:
        slug = publication.title_slug(p.title)
        assert client.get(f"{PAPERS}{slug}/").status_code == 404
        assert client.get(f"{PAPERS}{slug}.bib").status_code == 404
    assert client.get(f"{PAPERS}no-such-paper/").status_code == 404


def test_before_the_notification_the_list_says_when(client, workshop, organizer):
    accepted = paper(workshop, "Too early")
    publication.record_decisions_sent(submission_ids=[accepted.pk], at=NOTIFIED)
    accepted.refresh_from_db()
    workshop.notification_at = datetime(2030, 1, 1, tzinfo=UTC)
    workshop.decisions_released_at = NOTIFIED
    workshop.save()
    html = client.get(PAPERS).content.decode()
    assert "will be listed here after the notification of acceptance" in html
    assert "Too early" not in html
    assert client.get(f"{PAPERS}{accepted.public_slug}/").status_code == 404
    assert client.get("/ml-for-systems/papers.bib").content == b""


def test_a_paper_page_with_its_program_slot_pdf_and_citation(client, program):
    placeto, pdf = program["placeto"], program["pdf"]
    html = client.get(f"{PAPERS}{placeto.public_slug}/").content.decode()
    assert f"<h1>{placeto.title}</h1>" in html
    assert f'href="/ml-for-systems/schedule/#item-{program["talk"].pk}"' in html
    assert "room 510 AC" in html
    assert f"<dd>{pdf.stored_sha256}</dd>" not in html  # shown as code, in full
    assert f'<code class="sha">{pdf.stored_sha256}</code>' in html
    assert "Placeto (camera ready).pdf" in html and "5 pages" in html
    assert "@inproceedings{menon2018placeto," in html
    assert '<meta name="citation_author" content="Noor Haddad">' in html
    poster = client.get(f"{PAPERS}{program['poster'].public_slug}/").content.decode()
    assert "Poster session 1, board 3" in poster
    assert "has not been published yet" in poster


def test_bibtex_for_one_paper_and_for_all_with_the_same_keys(client, program):
    placeto = program["placeto"]
    one = client.get(f"{PAPERS}{placeto.public_slug}.bib")
    assert one["Content-Type"] == "application/x-bibtex; charset=utf-8"
    text = one.content.decode()
    assert text.startswith("@inproceedings{menon2018placeto,\n")
    assert "  author    = {Ravi Menon and Noor Haddad},\n" in text
    assert "  booktitle = {Machine Learning for Systems (NeurIPS 2018 workshop)},\n" in text
    assert f"/ml-for-systems/papers/{placeto.public_slug}/}}\n" in text
    everything = client.get("/ml-for-systems/papers.bib").content.decode()
    assert everything.count("@inproceedings{") == 2
    assert text in everything
    assert "macke2018learned" in everything


def test_the_program_links_public_papers_and_speakers(client, program):
    html = client.get("/ml-for-systems/schedule/").content.decode()
    placeto, poster = program["placeto"], program["poster"]
    assert f'<a href="/ml-for-systems/papers/{placeto.public_slug}/">{placeto.title}</a>' in html
    assert f'<a href="/ml-for-systems/papers/{poster.public_slug}/">{poster.title}</a>' in html
    assert '<a href="/ml-for-systems/speakers/ravi-menon/">Ravi Menon</a>' in html
    # The timeline script gets the same links (papers by id, boards by item and board).
    links = re.search(r'<script id="schedule-links" type="application/json">(.*?)</script>', html)
    assert f'"{program["session"].pk}-3": "/ml-for-systems/papers/{poster.public_slug}/"' in (
        links.group(1)
    )
    assert f'"{program["session"].pk}-4"' not in links.group(1)  # the untold paper


def test_the_poster_sessions_board_by_board(client, program):
    html = client.get("/ml-for-systems/posters/").content.decode()
    session = program["session"]
    assert f'id="session-{session.pk}"' in html
    assert "10:00</time>–<time" in html  # 15:00 UTC in Toronto
    assert f'<li id="board-{session.pk}-3"><span class="board">Board 3</span>' in html
    assert f'href="/ml-for-systems/papers/{program["poster"].public_slug}/"' in html
    assert "Accepted but untold" in html  # on the program, but without a link


def test_posters_and_speakers_before_the_program_is_released(client, workshop):
    workshop.program_expected_at = datetime(2018, 11, 30, 12, 0, tzinfo=UTC)
    workshop.save()
    for url in ("/ml-for-systems/posters/", "/ml-for-systems/speakers/"):
        with time_machine.travel(datetime(2018, 11, 1, tzinfo=UTC), tick=False):
            html = client.get(url).content.decode()
        assert "The program will appear here by 30 November 2018." in html
    assert client.get("/ml-for-systems/speakers/jeff-dean/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_public_lists_keep_their_query_count(
    client, workshop, organizer, room, media, count, django_assert_num_queries
):
    session = item(workshop, utc(15), utc(16), kind="poster_session", title="Posters", room=room)
    papers = []
    for n in range(count):
        p = paper(workshop, f"Poster {n}", presenter=f"Presenter {n}")
        AuthorFactory(submission=p, position=1, name=f"Second {n}", affiliation="Lab")
        board(session, p, n + 1)
        talk = item(workshop, utc(17, n * 10), utc(17, n * 10 + 10), title=f"Talk {n}")
        speaker(talk, f"Speaker {n}")
        papers.append(p)
    tell(workshop, *papers)
    for p in papers:
        camera_ready(p, organizer)
    services.release_schedule(workshop=workshop, by=organizer)

    # The workshop, the papers, their authors, their camera-ready versions, which version
    # of the program, its snapshot.
    with django_assert_num_queries(6):
        html = client.get(PAPERS).content.decode()
    assert html.count('class="paper-card"') == count
    with django_assert_num_queries(4):  # the program now comes from the cache
        client.get(PAPERS)
    # The workshop, the papers, their authors (for the keys and the entries).
    with django_assert_num_queries(4):
        bib = client.get("/ml-for-systems/papers.bib").content.decode()
    assert bib.count("@inproceedings") == count
    # The workshop, the (cached) program, which of its papers are public.
    with django_assert_num_queries(2):
        html = client.get("/ml-for-systems/posters/").content.decode()
    assert html.count('<span class="board">') == count
    with django_assert_num_queries(1):  # the workshop; the program is cached
        html = client.get("/ml-for-systems/speakers/").content.decode()
    assert html.count('href="/ml-for-systems/speakers/speaker-') == count
    # The workshop, its versions, the snapshot (cached), which papers are public.
    with django_assert_num_queries(3):
        html = client.get("/ml-for-systems/schedule/").content.decode()
    assert html.count('href="/ml-for-systems/papers/poster-') == count


def test_the_papers_api_lists_the_same_papers(client, program):
    rows = client.get("/api/v1/workshops/ml-for-systems/papers/").json()
    assert [r["title"] for r in rows] == [program["placeto"].title, program["poster"].title]
