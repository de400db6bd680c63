"""Serving a paper's PDF. Files are never on a public URL: this is the only way out, and it
answers only those allowed to read the paper — or anyone, for the camera-ready version of a
public paper (see submissions/publication.py).

Other apps serve a version to their own audience with `serve_version` (e.g. the reviews app
to an assigned reviewer without a conflict), after checking their own permission."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from workshop.models import Workshop

from . import publication
from .models import PaperVersion


def serve_version(version: PaperVersion, *, public: bool = False) -> FileResponse:
    """The stored copy (identifying metadata stripped under double-blind review) as a
    download. The caller has decided that the visitor may have it; `public` is for a
    published camera-ready version, named as its authors named it."""
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this version is missing.") from None
    name = publication.download_name(version) if public else version.download_name
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        # A newer camera-ready version may replace it before the deadline: caches revalidate.
        response["Cache-Control"] = "public, max-age=300"
        response["ETag"] = f'"{version.stored_sha256}"'
    else:
        # Papers under review are private: no shared cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
    return response


def public_pdf(request, slug: str, paper: str):
    """An accepted paper's camera-ready PDF, for anyone, once the paper is public; every
    other address (a rejected paper's, a paper without a camera-ready version) is a 404."""
    workshop = get_object_or_404(Workshop, slug=slug)
    found = publication.public_paper(workshop, paper)
    version = publication.public_pdf(found) if found is not None else None
    if version is None:
        raise Http404("There is no public PDF at this address.")
    return serve_version(version, public=True)


@login_required
def download(request, slug: str, pk: int, version_pk: int):
    version = get_object_or_404(
        PaperVersion.objects.select_related("submission__workshop"),
        pk=version_pk,
        submission_id=pk,
        submission__workshop__slug=slug,
    )
    if not request.user.has_perm("submissions.read_paper", version.submission):
        raise Http404("No such paper.")
    return serve_version(version)
