"""The refusals every operation can answer, written into the OpenAPI schema.

django-ninja documents only the success answer a route declares; the refusals of
``pacer.api.errors`` (and django-ninja's own 400 and 422) are added here, per operation, so a
client generated from the schema knows every status it can receive:

- 401, 403: every operation (no caller; may see but not do this, or a session write without
  its CSRF token);
- 404: an operation with a parameter (the record named by it is absent or out of scope);
- 409: a write (the record is still referenced, or changed by someone else meanwhile);
- 400: an operation with a body (the body is not JSON);
- 422: an operation with a parameter or a body (invalid input, with a message per field).
"""

from __future__ import annotations

from typing import Any

MESSAGE = "ErrorMessage"
FIELD_ERRORS = "FieldErrors"
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})

COMPONENTS: dict[str, dict[str, Any]] = {
    MESSAGE: {
        "title": MESSAGE,
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    FIELD_ERRORS: {
        "title": FIELD_ERRORS,
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "anyOf": [
                    {"type": "string"},
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "type": {"type": "string"},
                                "loc": {
                                    "type": "array",
                                    "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                                },
                                "msg": {"type": "string"},
                            },
                            "required": ["loc", "msg"],
                        },
                    },
                ],
            }
        },
        "required": ["detail"],
    },
}

DESCRIPTIONS = {
    400: "Bad Request: the body is not valid JSON",
    401: "Unauthorized: no session and no valid bearer token",
    403: "Forbidden: the caller may see the record but not do this",
    404: "Not Found: the record does not exist or is outside the caller's scope",
    409: "Conflict: the record is still referenced, or was changed by someone else meanwhile",
    422: "Unprocessable Content: invalid input, with a message per field",
}


def _answer(status: int) -> dict[str, Any]:
    component = FIELD_ERRORS if status == 422 else MESSAGE
    return {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def refusals(method: str, operation: dict[str, Any]) -> list[int]:
    """The refusal statuses ``operation`` (an OpenAPI operation object) can answer."""
    has_parameters = bool(operation.get("parameters"))
    has_body = "requestBody" in operation
    statuses = [401, 403]
    if has_parameters:
        statuses.append(404)
    if method in WRITE_METHODS:
        statuses.append(409)
    if has_body:
        statuses.append(400)
    if has_parameters or has_body:
        statuses.append(422)
    return sorted(statuses)


def document_refusals(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the refusal answers and their two body schemas to ``schema`` (changed in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(COMPONENTS)
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            answers = operation.setdefault("responses", {})
            for status in refusals(method, operation):
                answers.setdefault(status, _answer(status))
    return schema
