"""The API's OpenAPI schema says every status an operation can answer, with its body.

A view declares its own answers (`@extend_schema(responses=…)`); most errors, though, come
from what the view is made of — its authentication, permission, parser and throttle classes
and the kind of request — so this AutoSchema adds them from those, and a new endpoint is
documented truthfully without annotations:

- 400 for every unsafe method (a refused input, keyed by field, or a body that cannot be
  parsed); 415 when it reads a body; 413 when that body may be a form;
- 401 (with its `WWW-Authenticate` challenge) when the view authenticates;
- 403 when a session request needs its CSRF token, or when the view's `object_permissions`
  ask more for this method than for reading (workshop/api_permissions.py);
- 404 when the path names something (a workshop, a paper …) that may not exist;
- 429 (with `Retry-After`) when the view is throttled.

A status the view declares keeps its description and gets the error body. Every error body
is one of the two shapes of workshop/api_errors.py: `Error` {"detail": sentence} or
`ValidationError` {"field": [sentence, …]}. 406 never happens (workshop/api_negotiation.py).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import FormParser, MultiPartParser

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SENTENCE = {"type": "string", "minLength": 1}

ERROR = {
    "type": "object",
    "description": "An error, said in one sentence (or a few).",
    "properties": {"detail": SENTENCE},
    "required": ["detail"],
    "additionalProperties": False,
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "A refused input: the sentences keyed by field (`non_field_errors` for "
    'the request as a whole), e.g. {"pdf": ["The paper has 5 pages before the references; '
    'the limit is 4."]}. Nothing was stored.',
    "minProperties": 1,
    "additionalProperties": {"type": "array", "items": SENTENCE, "minItems": 1},
}

DESCRIPTIONS = {
    "400": "Refused: the sentences say why, keyed by field; or a body that cannot be parsed. "
    "Nothing was stored.",
    "401": "No credentials, or a token that is not valid.",
    "403": "Not allowed (or a session request without its CSRF token).",
    "404": "No such thing, or one the caller may not see.",
    "413": "The request's form fields are larger than the site accepts.",
    "415": "The body's Content-Type is not one this operation reads.",
    "429": "Too many requests; try again after Retry-After seconds.",
}
HEADERS = {
    "401": {
        "WWW-Authenticate": {
            "description": "The scheme to authenticate with: `Token`.",
            "required": True,
            "schema": {"type": "string"},
        }
    },
    "429": {
        "Retry-After": {
            "description": "Seconds to wait before asking again.",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
        }
    },
}


class WorkshopAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self.error_statuses(operation):
            responses.setdefault(code, {"description": DESCRIPTIONS[code]})
        for code, response in responses.items():
            if code >= "400":
                self._with_error_body(code, response)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_statuses(self, operation: dict) -> set[str]:
        view, method = self.view, self.method
        codes = set()
        if method in UNSAFE:
            codes.add("400")
        if "requestBody" in operation:
            codes.add("415")
            if any(issubclass(p, FormParser | MultiPartParser) for p in view.parser_classes):
                codes.add("413")
        authenticators = view.authentication_classes
        if authenticators:
            codes.add("401")
        if method in UNSAFE and SessionAuthentication in authenticators:
            codes.add("403")  # CSRF
        permissions = getattr(view, "object_permissions", {})
        read = getattr(view, "read_permission", None) or permissions.get("GET")
        if permissions.get(method, read) != read:
            codes.add("403")
        if "{" in self.path:
            codes.add("404")
        if view.throttle_classes:
            codes.add("429")
        return codes

    def _with_error_body(self, code: str, response: dict) -> None:
        error = self._component("Error", ERROR)
        if code == "400":
            invalid = self._component("ValidationError", VALIDATION_ERROR)
            schema = {"oneOf": [invalid, error]}
        else:
            schema = error
        response.setdefault("content", {"application/json": {"schema": schema}})
        if response.get("description", "") in ("", "No response body"):  # e.g. `403: None`
            response["description"] = DESCRIPTIONS.get(code, "An error.")
        if code in HEADERS:
            response.setdefault("headers", HEADERS[code])

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref
