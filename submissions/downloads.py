"""Serving a paper's PDF. Files are never on a public URL: this is the only way out, and it
answers only those allowed to read the paper.

Other apps serve a version to their own audience with `serve_version` (e.g. the reviews app
to an assigned reviewer without a conflict), after checking their own permission."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import PaperVersion


def serve_version(version: PaperVersion) -> FileResponse:
    """The stored copy (identifying metadata stripped under double-blind review) as a
    download. The caller has decided that the visitor may have it."""
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this version is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=version.download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Papers under review are private: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


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
