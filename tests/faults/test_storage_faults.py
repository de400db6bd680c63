"""The media disk full or unwritable, for real: the web process runs over a small tmpfs of
its own (in a private mount namespace), filled up or mounted read-only. An upload is then
refused with a sentence; no paper, no version and no partly written file remain."""

import uuid
from pathlib import Path

import pytest
from django.db import connection

from submissions.models import PaperVersion, Submission

from ..services import postgres_url
from ..submissions.pdfs import make_paper
from .browser import logged_in, submit_paper
from .servers import Web, web_env

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("postgres_required")]


def files_seen_by(web: Web, media: Path) -> list[str]:
    """The media folder as the web process sees it (its own mount namespace)."""
    inside = Path(f"/proc/{web.process.pid}/root") / media.relative_to("/")
    return sorted(str(p.relative_to(inside)) for p in inside.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("disk", "why"),
    [("full", "its disk is full"), ("read-only", "its storage is read-only")],
)
def test_an_upload_to_a_full_or_unwritable_disk_is_refused_and_leaves_nothing(
    open_call, redis_url, tmp_path, disk, why
):
    workshop, author = open_call
    media = tmp_path / "media"
    media.mkdir()
    env = web_env(
        database_url=postgres_url(connection.settings_dict),
        redis_url=redis_url,
        media_root=media,
        name=f"faults-{uuid.uuid4().hex[:8]}",
    )
    pdf = make_paper()
    assert len(pdf) > 4 * 1024  # more than the room left on the full disk: a part fits
    small_disk = {"media_disk_kb": 512, "free_kb": 4 if disk == "full" else 512}
    with Web(env, tmp_path / "web.log", read_only=disk == "read-only", **small_disk) as web:
        browser = logged_in(web.url, author)
        response = submit_paper(browser, web.url, workshop.slug, author, pdf)
        assert response.status_code == 200, web.log()[-3000:]
        assert (
            f"The server could not store your PDF ({why}), so nothing was saved." in response.text
        )
        assert files_seen_by(web, media) == ["filler"]  # what filled the disk, nothing else
    assert not Submission.objects.exists()
    assert not PaperVersion.objects.exists()
