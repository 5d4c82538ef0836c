"""The OpenAPI document of what Navigator publishes at /oruk/: the Open Referral UK 3.0
profile's nine paths and the parameters Navigator honours, each response given by the
profile's own compiled schemas."""

from collections.abc import Mapping
from typing import Any

PROFILE_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"

PARAMETERS: dict[str, tuple[str, str]] = {
    "search": ("string", "Full-text search of names, descriptions and keywords."),
    "page": ("integer", "Page number, from 1; a page past the end is an empty page."),
    "per_page": ("integer", "Items a page, 1 to 200 (default 50)."),
    "taxonomy_term_id": ("string", "Services with this taxonomy term."),
    "taxonomy_id": ("string", "Services with any term of this taxonomy."),
    "minimum_age": ("number", "Services whose minimum age is at least this."),
    "maximum_age": ("number", "Services whose maximum age is at most this."),
    "start_time": ("string", "Services with a session starting at or after this (10:00)."),
    "end_time": ("string", "Services with a session ending at or before this (12:00)."),
    "day": ("string", "Services with a session on this day (MO to SU, or Monday)."),
    "postcode": ("string", "With proximity: the postcode measured from."),
    "proximity": ("number", "With postcode: only locations within this many metres."),
}
SERVICE_FILTERS = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
]
# path: (operationId, summary, query parameters, schema of the item, or of the whole answer)
PATHS: dict[str, tuple[str, str, list[str], str]] = {
    "/services": (
        "getPaginatedListOfServices",
        "Paginated listing of services with their one-to-one fields",
        SERVICE_FILTERS,
        "compiled/service_list.json",
    ),
    "/services/{id}": (
        "getFullyNestedServiceById",
        "A fully nested service",
        [],
        "compiled/service.json",
    ),
    "/service_at_locations": (
        "getPaginatedListOfServiceAtLocation",
        "Paginated listing of services at locations",
        [*SERVICE_FILTERS, "postcode", "proximity"],
        "compiled/service_at_location_list.json",
    ),
    "/service_at_locations/{id}": (
        "getServiceAtLocationWithNestedDataById",
        "A service at a location, fully nested",
        [],
        "compiled/service.json",
    ),
    "/taxonomies": (
        "getPaginatedListOfTaxonomies",
        "Paginated listing of taxonomies",
        ["page", "per_page"],
        "taxonomy.json",
    ),
    "/taxonomies/{id}": ("getTaxonomyById", "A taxonomy with its terms", [], "taxonomy.json"),
    "/taxonomy_terms": (
        "getPaginatedListOfTaxonomyTerms",
        "Paginated listing of taxonomy terms",
        ["page", "per_page"],
        "taxonomy_term.json",
    ),
    "/taxonomy_terms/{id}": (
        "getTaxonomyTermById",
        "A taxonomy term",
        [],
        "taxonomy_term.json",
    ),
}
PAGE = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}


def _operation(path: str) -> dict[str, Any]:
    operation_id, summary, parameters, schema = PATHS[path]
    reference = {"$ref": PROFILE_SCHEMAS + schema}
    body: Mapping[str, object]
    if "{id}" in path:
        body = reference
    else:
        body = {
            "allOf": [{"$ref": "#/components/schemas/Page"}],
            "properties": {"contents": {"type": "array", "items": reference}},
        }
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in parameters],
        "responses": {
            "200": {"description": summary, "content": {"application/json": {"schema": body}}}
        },
    }
    if "{id}" in path:
        operation["parameters"] = [
            {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}
        ]
        operation["responses"]["404"] = {"description": "No such id"}
    elif parameters:
        operation["responses"]["400"] = {"description": "A parameter of the wrong type"}
    return {"get": operation}


def openapi_document(base_url: str) -> dict[str, Any]:
    """The OpenAPI 3 document of the feed served at `base_url`."""
    return {
        "openapi": "3.0.0",
        "info": {
            "title": "Navigator directory: Open Referral UK",
            "version": "3.0",
            "description": "Community groups and activities in the Open Referral UK 3.0 "
            "profile of HSDS 3.0, read-only and public.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getAPIMetaInformation",
                    "summary": "This API's HSDS version, profile and OpenAPI document",
                    "responses": {"200": {"description": "version, profile, openapi_url"}},
                }
            }
        }
        | {path: _operation(path) for path in PATHS},
        "components": {
            "schemas": {"Page": PAGE},
            "parameters": {
                name: {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": description,
                    "schema": {"type": kind},
                }
                for name, (kind, description) in PARAMETERS.items()
            },
        },
    }
