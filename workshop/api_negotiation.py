"""Content negotiation for the API: JSON whatever the client asks for.

The API speaks JSON (and the PDF download its PDF). A client whose Accept header (or
`?format=`) names nothing the view renders gets JSON rather than a 406 or a 404, as RFC 9110
§12.5.1 allows: `Accept: application/pdf` on the download, or `text/html` from a browser,
then still works, and every error keeps its JSON body."""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JsonWhenUnacceptable(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type

    def filter_renderers(self, renderers, format):
        return [r for r in renderers if r.format == format] or renderers
