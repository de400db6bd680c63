"""Receiving a paper over HTTP: refuse an upload the request already says is too large before
reading its body, and hand the services an `Upload` (name and bytes), never a request file.

Django parses a multipart body the first time `request.POST`, `request.FILES` (or DRF's
`request.data`) is read, through the request's upload handlers; `guard_upload_size` puts
`PaperSizeGuard` first in that list, so the guard sees the declared Content-Length before any
byte of the body is read. A view must install it before anything reads the body — for an HTML
form that means before the CSRF check, which reads `request.POST` (see `paper_form`).
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from workshop.models import Workshop

from . import checks, pdfcheck
from .services import Upload

# Room for the form's other fields (title, abstract, authors …) in the same request: a body
# this much over the PDF limit holds a PDF over the limit. Between the limit and limit + slack
# the body is read and the service refuses the file with its exact size instead.
FORM_FIELDS_SLACK = 256 * 1024


class UploadTooLarge(ValidationError):
    """The request declares a body too large for the workshop's PDF limit."""

    def __init__(self, message: str):
        super().__init__({"pdf": [message]})
        self.sentence = message


class PaperSizeGuard(FileUploadHandler):
    """First upload handler of a request: refuses by Content-Length, else steps aside."""

    def __init__(self, max_bytes: int, request=None):
        super().__init__(request)
        self.max_bytes = max_bytes

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.max_bytes + FORM_FIELDS_SLACK:
            finding = pdfcheck.size_finding(content_length, self.max_bytes)
            raise UploadTooLarge(finding.message)
        return None  # let the usual handlers parse the body

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # pass the data on to the next handler

    def file_complete(self, file_size):
        return None


def guard_upload_size(request, workshop: Workshop) -> None:
    """Install the guard for this request (call before the body is read)."""
    request.upload_handlers.insert(0, PaperSizeGuard(checks.max_bytes(workshop), request))


def paper_form(view):
    """For a page whose form carries a paper (its URL names the workshop's `slug`): the size
    guard, then the CSRF check, then the view.

    Django's CSRF middleware reads the body to find the token, so it would parse the upload
    before any view could install the guard. The page is therefore exempt from the
    middleware only because this decorator makes the same check itself, right after
    installing the guard and before anything of the view runs. A body the guard refuses is
    never read, so never checked for a token either: the view is then called with
    `request.refused_upload` set (an UploadTooLarge, else None) and must only show its form
    with that sentence, changing nothing."""
    protected = csrf_protect(view)

    @wraps(view)
    def guarded(request, *args, slug: str, **kwargs):
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is not None:  # else the view answers 404 itself
            guard_upload_size(request, workshop)
        request.refused_upload = None
        try:
            return protected(request, *args, slug=slug, **kwargs)
        except UploadTooLarge as refused:
            request.refused_upload = refused
            return view(request, *args, slug=slug, **kwargs)

    return csrf_exempt(guarded)


def as_upload(file: UploadedFile | None) -> Upload | None:
    """The services' view of an uploaded file. Its size was bounded by the guard (plus slack)
    and is checked exactly by the service."""
    if file is None:
        return None
    file.seek(0)
    return Upload(name=file.name or "paper.pdf", data=file.read())
