"""The quote API's currency lists the currencies the hub works in (cases.rules.CURRENCIES) in
the OpenAPI schema, and a currency outside the list is refused with the rule's message."""

import pytest

from medhub.cases.rules import CURRENCIES

pytestmark = pytest.mark.django_db


def resolve(schema: dict, node: dict) -> dict:
    """Follows ``$ref`` (and a one-item ``allOf``) to the schema it names."""
    while True:
        if "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
        elif len(node.get("allOf", [])) == 1:
            node = node["allOf"][0]
        else:
            return node


def test_the_quote_currency_lists_its_allowed_values_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/cases/{reference}/quotes/"]["post"]
    body = resolve(schema, post["requestBody"]["content"]["application/json"]["schema"])
    currency = resolve(schema, body["properties"]["currency"])
    assert currency["enum"] == CURRENCIES
    assert "currency" in body["required"]
