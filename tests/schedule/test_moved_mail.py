"""A release that moves a talk: a real Celery worker delivers the speaker's email into an
SMTP sink, once, however often the release's mails are queued."""

import pytest

from schedule import services
from workshop.models import OutgoingEmail

from ..services import wait_for
from .conftest import item, speaker, utc


@pytest.mark.integration
def test_a_moved_speaker_is_told_by_a_real_worker(real_worker, workshop, organizer):
    worker, sink = real_worker
    talk = item(workshop, utc(21, 25), utc(21, 50), title="Invited talk by Jeff Dean")
    speaker(talk, "Jeff Dean", email="jeff@example.org")
    services.release_schedule(workshop=workshop, by=organizer)
    talk.start_at, talk.end_at = utc(22), utc(22, 25)
    services.save_item(item=talk, by=organizer)
    release = services.release_schedule(workshop=workshop, by=organizer)

    sent = wait_for(lambda: OutgoingEmail.objects.filter(state="sent").count() == 1, timeout=30)
    assert sent, worker.log()
    assert len(sink.messages) == 1
    message = sink.messages[0]
    assert message.rcpt_tos == ["jeff@example.org"]
    assert b"Invited talk by Jeff Dean" in message.content
    # 22:00 UTC is 17:00 in Montréal.
    assert b"17:00 America/Toronto" in message.content

    # Queueing the release's mails again (a retry, a double click) sends nothing more.
    services._tell_moved_speakers(release, {talk.pk: talk})
    assert OutgoingEmail.objects.count() == 1
    assert len(sink.messages) == 1
