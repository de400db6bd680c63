"""The demo program (`loaddemo`): ML for Systems 2018 as workshop-facts.md lists it, read
back through the public API in UTC (the facts' Pacific times + 8 h)."""

from io import StringIO

import pytest
from django.core.management import call_command

from demo import paper_data as demo_papers

pytestmark = pytest.mark.django_db

API = "/api/v1/workshops/ml-for-systems-2018/schedule/"

# (start, end, kind, speakers) in UTC; None: not checked here (contributed talks' presenters).
EXPECTED = [
    ("14:00", "14:10", "opening", "organizers"),
    ("14:10", "14:35", "invited_talk", ["Eric Schkufza"]),
    ("14:35", "15:00", "invited_talk", []),  # speaker not named
    ("15:00", "16:00", "poster_session", []),
    ("16:00", "16:15", "contributed_talk", None),
    ("16:15", "16:30", "contributed_talk", None),
    ("16:30", "16:45", "contributed_talk", None),
    ("16:45", "17:10", "invited_talk", ["Partha Ranganathan"]),
    ("17:10", "18:45", "break", []),
    ("18:45", "19:10", "invited_talk", ["Neeraja Yadwadkar"]),
    ("19:10", "19:25", "contributed_talk", None),
    ("19:25", "19:40", "contributed_talk", None),
    ("19:40", "19:55", "contributed_talk", None),
    ("20:00", "21:00", "poster_session", []),
    ("21:00", "21:25", "invited_talk", []),  # speaker not named
    ("21:25", "21:50", "invited_talk", ["Jeff Dean"]),
    (
        "21:50",
        "22:50",
        "panel",
        ["Eric Schkufza", "Partha Ranganathan", "Neeraja Yadwadkar", "Jeff Dean"],
    ),
    ("22:50", "23:00", "closing", "organizers"),
]
ORGANIZERS = [
    "Anna Goldie",
    "Azalia Mirhoseini",
    "Jonathan Raiman",
    "Kevin Swersky",
    "Milad Hashemi",
]
SESSION_1 = [
    "Artemiy Margaritov",
    "Ravichandra Addanki",
    "Hamidreza Mahyar",
    "Guo Zhang",
    "Avani Wildani",
    "Hadi Esmaeilzadeh",
    "Dmitrii Ustiugov",
    "Shaileshh Bojja Venkatakrishnan",
    "Fabian Ruffy Varga",
    "Adit Bhardwaj",
    "Tatiana Shpeisman",
]
SESSION_2 = [
    "Stephen Macke",
    "Hongzi Mao",
    "Caroline Lemieux",
    "Saim Salman",
    "Rishikesh Jha",
    "Hanrui Wang",
    "Shoumik P Palkar",
    "Tianqi Chen",
    "Thomas Pumir",
    "Vaishnav Janardhan",
    "Adit Bhardwaj",
    "Ed Chi",
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def test_the_demo_program_through_the_api_in_utc(client, demo):
    response = client.get(API)
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == 1 and data["timezone"] == "America/Toronto"
    assert data["released_at"] == "2018-12-01T17:00:00+00:00"
    items = data["items"]
    assert len(items) == len(EXPECTED)
    for row, (start, end, kind, speakers) in zip(items, EXPECTED, strict=True):
        assert row["start"] == f"2018-12-08T{start}:00+00:00", row["title"]
        assert row["end"] == f"2018-12-08T{end}:00+00:00", row["title"]
        assert row["kind"] == kind and row["room"] == "510 AC"
        names = [s["name"] for s in row["speakers"]]
        if speakers == "organizers":
            assert names == ORGANIZERS
        elif speakers is not None:
            assert names == speakers, row["title"]
    # Invited speakers without accounts: a name and no affiliation the facts do not give.
    dean = items[15]
    assert dean["speakers"] == [{"name": "Jeff Dean", "affiliation": ""}]
    # The items whose speaker the page did not name carry a title from their description.
    assert items[2]["title"] == "Co-designing machine-learning algorithms and hardware"
    assert items[14]["title"] == "Learned query optimisation"

    # 304 on a matching ETag.
    again = client.get(API, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_demo_papers_are_on_talks_and_boards(client, demo):
    items = client.get(API).json()["items"]
    talks = [row for row in items if row["kind"] == "contributed_talk"]
    assert [t["papers"][0]["title"] for t in talks] == [
        p.title for p in sorted(demo_papers.ORALS, key=lambda p: p.talk_slot)
    ]
    first, second = (row for row in items if row["kind"] == "poster_session")
    assert [p["authors"][0] for p in first["posters"]] == SESSION_1
    assert [p["authors"][0] for p in second["posters"]] == SESSION_2
    assert [p["board"] for p in second["posters"]] == list(range(1, 13))
    # Adit Bhardwaj presents in both sessions, two different papers.
    adit = [
        p["title"]
        for row in (first, second)
        for p in row["posters"]
        if "Adit Bhardwaj" in p["authors"]
    ]
    assert len(adit) == 2 and adit[0] != adit[1]
    assert "not in the database yet" not in demo


def test_the_demo_page_names_the_venues_zone_and_city(client, demo):
    html = client.get("/ml-for-systems-2018/schedule/").content.decode()
    assert "Times shown in America/Toronto (Montréal)" in html
    # 06:00 PST, 09:00 in Montréal, 14:00 UTC.
    assert '<time datetime="2018-12-08T14:00:00+00:00">09:00</time>' in html


def test_running_the_demo_again_releases_nothing_new(client, demo):
    call_command("loaddemo", stdout=StringIO())
    assert client.get(API).json()["version"] == 1
