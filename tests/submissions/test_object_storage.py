"""Papers on S3-compatible object storage (django-storages), against a real S3 server on
loopback (moto's server mode): upload, stream to a reviewer, camera-ready, a backup through
the storage API; the objects are private and every download still goes through the site."""

import hashlib
import json
from datetime import UTC, datetime

import boto3
import environ
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from reviews.enums import AssignmentOrigin, AssignmentState
from reviews.models import Assignment
from submissions import services
from submissions.models import PaperVersion
from workshop.storages import S3_BACKEND, default_storage

from ..services import free_port
from .conftest import pdf_upload, stored_files
from .pdfs import make_paper

pytestmark = pytest.mark.django_db
BUCKET = "workshop-papers"
KEYS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """An empty private bucket, and the site's STORAGES built from the environment as in
    production (STORAGE_URL and the AWS_* keys)."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=BUCKET)
    monkeypatch.setenv("STORAGE_URL", f"s3://{BUCKET}/media?endpoint_url={s3_endpoint}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEYS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", KEYS["aws_secret_access_key"])
    monkeypatch.setenv("AWS_S3_REGION_NAME", "us-east-1")
    storage = default_storage(environ.Env())
    assert storage["BACKEND"] == S3_BACKEND
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def streamed(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.streaming  # through the site, never a redirect to the bucket
    return b"".join(response.streaming_content)


def test_an_upload_lands_in_the_bucket_privately(
    client, bucket, s3_endpoint, workshop, author, private_media, before_deadline
):
    client.force_login(author)
    paper = make_paper(metadata={"Creator": "LaTeX with hyperref"})
    response = client.post(
        f"/api/v1/workshops/{workshop.slug}/submissions/",
        {
            "title": "Learned caches",
            "abstract": "We learn an eviction policy.",
            "authors": json.dumps([{"name": author.name, "email": author.email}]),
            "pdf": pdf_upload(paper),
            "submit": "true",
        },
    )
    assert response.status_code == 201, response.json()
    version = PaperVersion.objects.get()
    stored = objects(bucket)
    assert list(stored) == [f"media/{version.file.name}"]
    assert version.file.name.startswith(f"papers/{workshop.pk}/")
    # The stored copy is the stripped one (double-blind), with the hash the row records.
    assert hashlib.sha256(stored[f"media/{version.file.name}"]).hexdigest() == (
        version.stored_sha256
    )
    assert version.sha256 == hashlib.sha256(paper).hexdigest() != version.stored_sha256
    assert not stored_files(private_media)  # nothing on the local disk
    # Private: only the owner holds a grant, and an anonymous GET is refused by the server.
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=f"media/{version.file.name}")["Grants"]
    assert [g["Grantee"]["Type"] for g in grants] == ["CanonicalUser"]
    anonymous = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        config=Config(signature_version=UNSIGNED),
    )
    with pytest.raises(bucket.exceptions.ClientError, match=r"403|Forbidden|AccessDenied"):
        anonymous.get_object(Bucket=BUCKET, Key=f"media/{version.file.name}")


def test_a_refused_upload_leaves_no_object(client, bucket, workshop, author, before_deadline):
    client.force_login(author)
    response = client.post(
        f"/api/v1/workshops/{workshop.slug}/submissions/",
        {
            "title": "Too long",
            "abstract": "Six pages.",
            "authors": json.dumps([{"name": author.name, "email": author.email}]),
            "pdf": pdf_upload(content_pages=6),
            "submit": "true",
        },
    )
    assert response.status_code == 400
    assert objects(bucket) == {}


def test_reviewers_and_authors_get_the_file_through_the_site_only(
    client, bucket, s3_endpoint, paper, author, reviewer, outsider
):
    Assignment.objects.create(
        submission=paper,
        reviewer=reviewer,
        origin=AssignmentOrigin.MANUAL,
        state=AssignmentState.CONFIRMED,
        number=1,
        confirmed_at=timezone.now(),
    )
    version = PaperVersion.objects.get()
    (body,) = objects(bucket).values()
    slug = paper.workshop.slug
    client.force_login(reviewer)
    download = client.get(reverse("reviews:paper_pdf", kwargs={"slug": slug, "pk": paper.pk}))
    assert streamed(download) == body
    assert download["Cache-Control"] == "private, no-store"
    page = client.get(reverse("reviews:paper", kwargs={"slug": slug, "pk": paper.pk}))
    client.force_login(author)
    own = client.get(reverse("submissions:detail", kwargs={"slug": slug, "pk": paper.pk}))
    mine = client.get(
        reverse(
            "submissions:download",
            kwargs={"slug": slug, "pk": paper.pk, "version_pk": version.pk},
        )
    )
    assert streamed(mine) == body
    for html in (page.content.decode(), own.content.decode()):
        assert s3_endpoint.split("//")[1] not in html
        assert BUCKET not in html and "X-Amz" not in html and version.file.name not in html
    client.force_login(outsider)
    url = reverse("reviews:paper_pdf", kwargs={"slug": slug, "pk": paper.pk})
    assert client.get(url).status_code == 404


def test_camera_ready_and_a_backup_through_the_storage_api(
    client, bucket, paper, author, organizer, tmp_path
):
    services.set_decision(submission=paper, decision="accepted_poster", by=organizer)
    paper.workshop.decisions_released_at = datetime(2018, 10, 20, 11, tzinfo=UTC)
    paper.workshop.save()
    client.force_login(author)
    response = client.post(
        f"/api/v1/workshops/{paper.workshop.slug}/submissions/{paper.pk}/camera-ready/",
        {"pdf": pdf_upload(content_pages=5)},
    )
    assert response.status_code == 201, response.json()
    assert len(objects(bucket)) == 2
    # What a backup does with any storage: read every version back through the storage API.
    for version in PaperVersion.objects.all():
        with version.file.open("rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == version.stored_sha256
        (tmp_path / f"{version.pk}.pdf").write_bytes(data)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(
        f"{pk}.pdf" for pk in PaperVersion.objects.values_list("pk", flat=True)
    )


def test_local_files_stay_the_default(monkeypatch):
    for name in ("STORAGE_URL", "AWS_STORAGE_BUCKET_NAME"):
        monkeypatch.delenv(name, raising=False)
    assert default_storage(environ.Env()) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    monkeypatch.setenv("STORAGE_URL", "ftp://papers")
    with pytest.raises(ValueError, match="STORAGE_URL must be s3://BUCKET"):
        default_storage(environ.Env())
