"""The checked-in src/openapi.yaml must match what the code generates (regenerate with `make openapi`)."""

from pathlib import Path

import yaml
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

OPENAPI_FILE = Path(__file__).resolve().parents[3] / "openapi.yaml"


def test_openapi_file_matches_the_code():
    generated = OpenApiYamlRenderer().render(
        SchemaGenerator().get_schema(request=None, public=True), renderer_context={}
    )
    assert yaml.safe_load(OPENAPI_FILE.read_text()) == yaml.safe_load(generated), (
        "src/openapi.yaml is out of date: run `make openapi` and commit the result."
    )
