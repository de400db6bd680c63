"""One error shape for the whole API, declared in the schema by workshop/api_schema.py.

Every error is a JSON object with sentences: `{"detail": "sentence"}`, or for a refused
input the sentences keyed by field, `{"field": ["sentence", …]}` — the same sentences the
HTML forms show (a service's ValidationError becomes a 400, PermissionDenied a 403). DRF's
nested errors (a list item, a nested object) are flattened into sentences that say where.
Errors that happen before a view (no route, a server error) are JSON too under /api/.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from .bodies import SENTENCE, TruncatedBody

NON_FIELD = "non_field_errors"


class ContentTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request's form fields are larger than the site accepts."
    default_code = "too_large"


def _detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [
                message for e in errors for message in e.messages
            ]
            for field, errors in error.error_dict.items()
        }
    return {NON_FIELD: error.messages}


def _sentences(errors, where: str = "") -> list[str]:
    """DRF's error detail, however nested, as a flat list of sentences that say where."""
    if isinstance(errors, dict):
        return [
            sentence
            for key, value in errors.items()
            for sentence in _sentences(value, _place(where, key))
        ]
    if isinstance(errors, list):
        if all(not isinstance(e, dict | list) for e in errors):
            return [f"{where}: {e}" if where else str(e) for e in errors]
        return [
            sentence
            for index, value in enumerate(errors)
            for sentence in _sentences(value, _place(where, index))
        ]
    return [f"{where}: {errors}" if where else str(errors)]


def _place(where: str, key) -> str:
    name = f"item {int(key) + 1}" if isinstance(key, int) or str(key).isdigit() else str(key)
    return f"{where}, {name}" if where else name.capitalize()


def _by_field(data) -> dict:
    """{"field": ["sentence", …]} from whatever a ValidationError carried."""
    if not isinstance(data, dict):
        return {NON_FIELD: _sentences(data)}
    return {field: _sentences(errors) for field, errors in data.items()}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_detail(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = ContentTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError("The request has more form fields than the site accepts.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _by_field(response.data)
    elif not (isinstance(response.data, dict) and set(response.data) == {"detail"}):
        response.data = {"detail": " ".join(_sentences(response.data))}
    return response


# --- Errors before a view: Django's handlers, as JSON under /api/ -------------------------------


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "There is nothing at this address."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        detail = "Something went wrong on our side; the error is logged. Please try again."
        return JsonResponse({"detail": detail}, status=500)
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if isinstance(exception, TruncatedBody):
        if _is_api(request):
            return JsonResponse({"detail": SENTENCE}, status=400)
        return HttpResponseBadRequest(f"<!doctype html><title>Cut off</title><p>{SENTENCE}</p>")
    if _is_api(request):
        return JsonResponse({"detail": "The request is malformed."}, status=400)
    return defaults.bad_request(request, exception)
