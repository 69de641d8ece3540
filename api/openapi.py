"""The OpenAPI 3.1 document, generated from the pydantic models and the declared limits."""

from __future__ import annotations

from pydantic.json_schema import models_json_schema

from api.schemas import MODELS
from api.settings import LIMITS
from embeddings.search import SEARCH_MODES
from kg.export import FORMATS
from kg.model import NODE_TYPES, RELATIONS
from kg.queries import LINEAGE_DIRECTIONS

#: The response header of GET /api/v1/graph that says a Mermaid export is over Mermaid's default limits
WARNING_HEADER = "Papergraph-Warning"

__all__ = ["WARNING_HEADER", "openapi_document"]


def _param(name, where="query", required=False, description="", **schema):
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": {"type": "string", **schema}}


#: a name or query must hold a visible character: a blank one is a 400, as for an empty one
NOT_BLANK = r"[^\s\x1c-\x1f\x85]"  # Python's str.strip() also drops \x1c-\x1f and \x85


def _id_param(description):
    return _param("id", "path", True, description, minLength=1, maxLength=LIMITS["name_chars"], pattern=NOT_BLANK)


def _responses(model: str | None, errors=(400, 404), content_type="application/json"):
    ok = {"description": "OK"}
    if model:
        ok["content"] = {content_type: {"schema": {"$ref": f"#/components/schemas/{model}"}}}
    else:
        ok["content"] = {content_type: {"schema": {"type": "string"}}}
    responses = {"200": ok}
    for status in errors:
        responses[str(status)] = {"description": {400: "invalid parameter", 404: "unknown node or no path",
                                                  503: "knowledge base unavailable, or the search queue is full "
                                                       "(then with Retry-After)"}[status],
                                  "content": {"application/problem+json": {
                                      "schema": {"$ref": "#/components/schemas/Problem"}}}}
        if status == 503:
            responses["503"]["headers"] = {"Retry-After": {
                "description": "seconds to wait before trying again (sent when the search queue is full)",
                "schema": {"type": "integer", "minimum": 1}}}
    return responses


def _get(summary, model, parameters, errors=(400, 404), content_type="application/json"):
    return {"get": {"summary": summary, "parameters": parameters, "responses": _responses(model, errors, content_type)}}


def openapi_document() -> dict:
    _, schemas = models_json_schema([(m, "serialization") for m in MODELS], ref_template="#/components/schemas/{model}")
    q = _param("q", required=True, description="the query", minLength=1, maxLength=LIMITS["query_chars"],
               pattern=NOT_BLANK)
    paths = {
        "/api/v1/search": _get("Semantic search over notes, papers and concepts", "SearchResponse", errors=(400, 503), parameters=[
            q, {**_param("k", description="results wanted"), "schema": {"type": "integer", "minimum": 1,
                                                                        "maximum": LIMITS["k"]}},
            _param("type", description="node type filter", enum=list(NODE_TYPES)),
            _param("mode", description="dense, lexical or hybrid", enum=list(SEARCH_MODES))]),
        "/api/v1/lineage/{id}": _get("What led to a paper (or what it led to), oldest first", "LineageResponse", [
            _id_param("paper id, name or alias"),
            _param("direction", enum=list(LINEAGE_DIRECTIONS)),
            {**_param("depth"), "schema": {"type": "integer", "minimum": 1, "maximum": LIMITS["lineage_depth"]}},
            _param("all", description="1: every paper; 0 (default): what comes only through another research "
                                      "line summarised under outside_line", enum=["0", "1", "true", "false"])]),
        "/api/v1/prerequisites/{id}": _get("Reading plan: prerequisites in order", "PlanResponse", [
            _id_param("paper or concept id, name or alias"),
            _param("known", description="ids already read (comma-separated or repeated)", maxLength=2000),
            _param("all", description="1: every step in order; 0 (default): at most 12 steps",
                   enum=["0", "1", "true", "false"])]),
        "/api/v1/path": _get("How two nodes are related, evidence per hop", "PathResponse", [
            _param("from", required=True, minLength=1, maxLength=LIMITS["name_chars"], pattern=NOT_BLANK),
            _param("to", required=True, minLength=1, maxLength=LIMITS["name_chars"], pattern=NOT_BLANK)]),
        "/api/v1/ask": _get("A natural question routed to an intent", "AskResponse", [q], errors=(400, 404, 503)),
        "/api/v1/nodes": _get("A page of nodes", "NodePage", [
            _param("type", enum=list(NODE_TYPES)),
            {**_param("limit"), "schema": {"type": "integer", "minimum": 1, "maximum": LIMITS["page_size"]}},
            {**_param("offset"), "schema": {"type": "integer", "minimum": 0, "maximum": LIMITS["offset"]}}], errors=(400,)),
        "/api/v1/nodes/{id}": _get("A node with its neighbours", "NodeDetail", [_id_param("node id, name or alias")]),
        "/api/v1/graph": {"get": {"summary": "The graph or a subgraph for visualization", "parameters": [
            _param("format", enum=list(FORMATS)), _param("root", maxLength=LIMITS["name_chars"]),
            {**_param("depth"), "schema": {"type": "integer", "minimum": 0, "maximum": LIMITS["depth"]}},
            _param("relation", enum=list(RELATIONS)), _param("download", enum=["0", "1", "false", "true"],
                                                                      description="1 or true: send as an attachment")],
            "responses": {**_responses(None, (400, 404)), "200": {"description": "the export", "headers": {
                WARNING_HEADER: {"description": "present when a Mermaid export goes over Mermaid's default limits "
                                 "(maxEdges 500, maxTextSize 50,000 characters): which, by how much, and how to "
                                 "export a part (root and depth, or relation)", "schema": {"type": "string"}}},
                "content": {
                spec.content_type: {"schema": {"type": "string"} if spec.content_type != "application/json"
                                    else {"type": "object"}} for spec in FORMATS.values()}}}}},
        "/api/v1/report": _get("The build report: what in the notes is ambiguous or missing", "BuildReportResponse",
                               [], errors=()),
        "/livez": _get("Liveness", "Liveness", [], errors=()),
        "/readyz": _get("Readiness: the snapshot being served and the search admission queue", "Readiness", [],
                        errors=()),
    }
    return {"openapi": "3.1.0",
            "info": {"title": "Papergraph", "version": "1.0.0",
                     "description": "Knowledge graph and semantic search over paper-reading notes. Read-only. "
                                    f"Limits: {LIMITS}."},
            "paths": paths, "components": {"schemas": schemas["$defs"]}}
