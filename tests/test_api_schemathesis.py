"""Schemathesis against the app (WSGI, no server) for every operation of the OpenAPI document, with a token of
each scope: no server error, and every answer (its status, content type, headers and body) is one the document
describes; data the document rules out is refused with a 4xx. Cases come from the document alone, and again with the
world's real slug, session and commitment (valid and invalid data) so that the successful answers are exercised
too."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.access_fixtures import API_SCOPES, build_world, summit_app
from tests.conftest import clean_database

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]
EXAMPLES = 4  # per operation, scope and kind of case: modest, so the suite stays quick


@pytest.fixture(scope="module")
def world_app(template_database, tmp_path_factory):
    directory = tmp_path_factory.mktemp("schemathesis")
    app = summit_app(clean_database(template_database, directory), directory)
    app.config["API_RATE_LIMIT"] = 100_000  # the rate limit has a test of its own
    world = build_world(app, public_agenda=True)
    yield app, world
    app.extensions["summit.engine"].dispose()


def known_values(world) -> dict[str, object]:
    return {"slug": world.slug, "session_id": world.sessions["restricted"],
            "reference": world.commitments["participants"]["reference"]}


@pytest.mark.parametrize("scope", API_SCOPES)
def test_every_operation_answers_as_documented(world_app, scope):
    app, world = world_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {world.api_tokens[scope]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    known = known_values(world)
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        fixed = {name: value for name, value in known.items() if name in names}
        for strategy in (operation.as_strategy(), operation.as_strategy(path_parameters=fixed),
                         operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=fixed)):
            @given(case=strategy)
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def run(case) -> None:
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS)

            run()
