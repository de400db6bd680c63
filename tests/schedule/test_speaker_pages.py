"""Speakers in public: the list, a page per speaker with bio and photo (when given) and the
items they speak in, read from the released program."""

import pytest
from django.core.files.base import ContentFile

from schedule import presenting, services
from tests.factories import UserFactory
from tests.submissions.pdfs import png_bytes

from .conftest import item, speaker, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_speaker_page_with_bio_photo_and_items(client, workshop, organizer, room, media):
    anna = UserFactory(email="anna@google.example", name="Anna Goldie", affiliation="Google Brain")
    anna.bio = "Works on deep reinforcement learning for systems."
    anna.photo.save("anna.png", ContentFile(png_bytes()))
    opening = item(workshop, utc(14), utc(14, 10), kind="opening", title="Opening remarks",
                   room=room, description="The organizers **welcome** everyone.")
    speaker(opening, "", user=anna)
    speaker(opening, "Milad Hashemi", position=1)
    dean = item(workshop, utc(21, 25), utc(21, 50), title="Invited talk by Jeff Dean", room=room)
    jeff = speaker(dean, "Jeff Dean")
    jeff.bio = "Leads Google's AI efforts."
    jeff.affiliation = "Google"
    jeff.save()
    services.release_schedule(workshop=workshop, by=organizer)

    listing = client.get("/ml-for-systems/speakers/").content.decode()
    assert listing.index("Anna Goldie") < listing.index("Jeff Dean") < listing.index("Milad")
    assert '<a href="/ml-for-systems/speakers/jeff-dean/">Jeff Dean</a>' in listing

    html = client.get("/ml-for-systems/speakers/anna-goldie/").content.decode()
    assert "<h1>Anna Goldie</h1>" in html and "Google Brain" in html
    assert "Works on deep reinforcement learning for systems." in html
    assert f'<img class="photo" src="/people/{anna.pk}/photo/" alt="Photo of Anna Goldie"' in html
    photo = client.get(f"/people/{anna.pk}/photo/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == png_bytes()
    assert f'href="/ml-for-systems/schedule/#item-{opening.pk}">Opening remarks</a>' in html
    assert "09:00</time>–<time" in html  # 14:00 UTC in Toronto
    assert "<strong>welcome</strong>" in html
    assert 'With <a href="/ml-for-systems/speakers/milad-hashemi/">Milad Hashemi</a>' in html

    jeff_page = client.get("/ml-for-systems/speakers/jeff-dean/").content.decode()
    assert "Leads Google&#x27;s AI efforts." in jeff_page
    assert "<img" not in jeff_page  # no account, no photo
    milad = client.get("/ml-for-systems/speakers/milad-hashemi/").content.decode()
    assert 'id="bio"' not in milad
    assert client.get("/ml-for-systems/speakers/nobody/").status_code == 404


def test_a_speaker_is_read_from_the_release_not_the_draft(client, workshop, organizer):
    talk = item(workshop, utc(14), utc(14, 25), title="Talk")
    speaker(talk, "Eric Schkufza")
    services.release_schedule(workshop=workshop, by=organizer)
    speaker(talk, "Not Yet Released", position=1)
    assert client.get("/ml-for-systems/speakers/eric-schkufza/").status_code == 200
    assert client.get("/ml-for-systems/speakers/not-yet-released/").status_code == 404


def test_speakers_of_the_same_name_get_their_own_pages():
    snapshot = {
        "items": [
            {"id": 1, "speakers": [{"name": "Wei Zhang", "affiliation": "MIT"}]},
            {"id": 2, "speakers": [{"name": "Wei Zhang", "affiliation": "Tsinghua"},
                                   {"name": "Wei Zhang", "affiliation": "MIT"}]},
            {"id": 3, "speakers": [{"name": "Wei Zhang", "affiliation": ""},
                                   {"name": "Zoë", "affiliation": ""}]},
        ]
    }
    entries = {(e.name, e.affiliation): (e.slug, e.item_ids) for e in presenting.speakers(snapshot)}
    assert entries == {
        ("Wei Zhang", ""): ("wei-zhang", [3]),
        ("Wei Zhang", "MIT"): ("wei-zhang-mit", [1, 2]),
        ("Wei Zhang", "Tsinghua"): ("wei-zhang-tsinghua", [2]),
        ("Zoë", ""): ("zoe", [3]),
    }
