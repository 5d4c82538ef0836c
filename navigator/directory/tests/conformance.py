"""Validation of published documents against the official Open Referral UK 3.0 schemas
(copied in `oruk_schema/`, with their licence), Draft 2020-12 with format checking."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "oruk_schema"
# The ids the profile's own references use.
BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
FILES = [
    "openapi.json",
    "taxonomy.json",
    "taxonomy_term.json",
    "compiled/service.json",
    "compiled/service_list.json",
    "compiled/service_at_location.json",
    "compiled/service_at_location_list.json",
]


@cache
def registry() -> Registry:
    resources = [
        (BASE + name, DRAFT202012.create_resource(json.loads((SCHEMA_DIR / name).read_text())))
        for name in FILES
    ]
    return Registry().with_resources(resources)


@cache
def openapi() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text())


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def response_schema(path: str) -> dict[str, str]:
    """The schema of the 200 response of the profile's path, e.g. "/services/{id}"."""
    pointer = _pointer("paths", path, "get", "responses", "200", "content", "application/json")
    return {"$ref": f"{BASE}openapi.json#/{pointer}/schema"}


def errors(document: Any, path: str) -> list[str]:
    """Every way `document` breaks the profile's response schema for `path` (none: conforms)."""
    validator = Draft202012Validator(
        response_schema(path),
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]
