"""A multipart body cut off before its closing boundary (a browser that lost its connection, a
proxy that gave up) is refused as a whole. Django parses whatever arrived and would hand the
view the fields before the cut, perhaps a file cut in half: a form saved half-way.

The middleware keeps the last bytes read from the body; an upload handler, last in the
request's list, checks them once the parser is done, before any view sees the data.
"""

from django.core.exceptions import BadRequest
from django.core.files.uploadhandler import FileUploadHandler

_TAIL = 256  # bytes kept: the closing boundary and its line ends fit many times over


class TruncatedBody(BadRequest):
    """The body ended before its closing boundary."""


SENTENCE = (
    "The form arrived cut off before its end (the connection may have dropped), so nothing "
    "was saved. Please send it again."
)


class _TailOfStream:
    """The body's stream, remembering the last bytes read from it."""

    def __init__(self, stream):
        self._stream = stream
        self.tail = b""

    def _keep(self, data: bytes) -> bytes:
        if data:
            self.tail = (self.tail + data)[-_TAIL:]
        return data

    def read(self, *args, **kwargs):
        return self._keep(self._stream.read(*args, **kwargs))

    def readline(self, *args, **kwargs):
        return self._keep(self._stream.readline(*args, **kwargs))

    def __getattr__(self, name):
        return getattr(self._stream, name)


class ClosingBoundaryCheck(FileUploadHandler):
    """Refuses the parsed body unless its last bytes are the closing boundary."""

    def __init__(self, request=None):
        super().__init__(request)
        self.boundary = b""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.boundary = boundary
        return None  # the usual handlers parse the body

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None

    def upload_complete(self):
        request = self.request
        # A body already read whole (request.body) is parsed from that copy, not the stream.
        tail = request._body[-_TAIL:] if hasattr(request, "_body") else request._stream.tail
        if not tail.rstrip(b"\r\n").endswith(b"--" + self.boundary + b"--"):
            raise TruncatedBody(SENTENCE)


def complete_multipart_bodies(get_response):
    def middleware(request):
        if request.content_type == "multipart/form-data" and hasattr(request, "_stream"):
            request._stream = _TailOfStream(request._stream)
            request.upload_handlers.append(ClosingBoundaryCheck(request))
        return get_response(request)

    return middleware
