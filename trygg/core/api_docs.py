"""A small, CSP-clean API documentation page rendered server-side from the OpenAPI schema.

Swagger UI and ReDoc load from a CDN and run inline scripts; neither fits the strict CSP, so
this page lists paths, methods, parameters, bodies, responses and the component schemas as
plain HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Param:
    name: str
    location: str
    required: bool
    type: str
    description: str


@dataclass
class Body:
    content_type: str
    type: str
    ref: str


@dataclass
class ResponseDoc:
    code: str
    description: str
    bodies: list[Body] = field(default_factory=list)


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    tag: str
    parameters: list[Param] = field(default_factory=list)
    request: list[Body] = field(default_factory=list)
    responses: list[ResponseDoc] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"op-{self.operation_id}"


@dataclass
class Property:
    name: str
    type: str
    ref: str
    required: bool
    read_only: bool
    nullable: bool
    description: str


@dataclass
class SchemaDoc:
    name: str
    description: str
    type: str
    properties: list[Property] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"schema-{self.name}"


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def describe(schema: dict[str, Any] | None) -> tuple[str, str]:
    """(human-readable type, referenced component name or "") of a JSON schema fragment."""
    if not schema:
        return "", ""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return name, name
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            parts = [describe(part) for part in schema[combinator]]
            text = " | ".join(p[0] for p in parts if p[0])
            ref = next((p[1] for p in parts if p[1]), "")
            if schema.get("nullable"):
                text += " | null"
            return text, ref
    kind = schema.get("type", "")
    if kind == "array":
        inner, ref = describe(schema.get("items"))
        return f"array[{inner}]" if inner else "array", ref
    text = str(kind)
    if schema.get("format"):
        text += f" ({schema['format']})"
    if schema.get("enum"):
        text += ": " + ", ".join(str(v) for v in schema["enum"] if v is not None)
    if schema.get("pattern"):
        text += f" /{schema['pattern']}/"
    if schema.get("nullable"):
        text += " | null"
    return text, ""


def _bodies(content: dict[str, Any] | None) -> list[Body]:
    out = []
    for content_type, media in (content or {}).items():
        text, ref = describe(media.get("schema"))
        out.append(Body(content_type=content_type, type=text, ref=ref))
    return out


def build_docs(schema: dict[str, Any]) -> tuple[list[Operation], list[SchemaDoc]]:
    operations: list[Operation] = []
    for path, item in schema.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = []
            for param in [*shared, *op.get("parameters", [])]:
                text, _ref = describe(param.get("schema"))
                params.append(
                    Param(
                        name=param["name"],
                        location=param.get("in", ""),
                        required=bool(param.get("required")),
                        type=text,
                        description=param.get("description", ""),
                    )
                )
            responses = [
                ResponseDoc(
                    code=str(code),
                    description=resp.get("description", ""),
                    bodies=_bodies(resp.get("content")),
                )
                for code, resp in op.get("responses", {}).items()
            ]
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    operation_id=op.get("operationId", ""),
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    tag=(op.get("tags") or [""])[0],
                    parameters=params,
                    request=_bodies((op.get("requestBody") or {}).get("content")),
                    responses=responses,
                )
            )
    schemas: list[SchemaDoc] = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        required = set(component.get("required", []))
        props = []
        for prop_name, prop in component.get("properties", {}).items():
            text, ref = describe(prop)
            props.append(
                Property(
                    name=prop_name,
                    type=text,
                    ref=ref,
                    required=prop_name in required,
                    read_only=bool(prop.get("readOnly")),
                    nullable=bool(prop.get("nullable")),
                    description=prop.get("description", ""),
                )
            )
        type_text, _ref = describe({k: v for k, v in component.items() if k != "description"})
        schemas.append(
            SchemaDoc(
                name=name,
                description=component.get("description", ""),
                type=type_text,
                properties=props,
            )
        )
    return operations, schemas


def api_docs(request: HttpRequest) -> HttpResponse:
    """/api/v1/docs/: the endpoints of the OpenAPI schema as a plain HTML page."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations, schemas = build_docs(schema)
    return render(
        request,
        "api/docs.html",
        {
            "info": schema.get("info", {}),
            "operations": operations,
            "schemas": schemas,
            "security_schemes": schema.get("components", {}).get("securitySchemes", {}),
        },
    )
