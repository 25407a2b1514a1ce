"""Every complaint email and notification is plain text: names and references come out as
written, never HTML-escaped."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

HOSTILE = 'Seán O\'Brien & <Kim> "Jr"'
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "medhub" / "complaints" / "templates"


@pytest.mark.parametrize("name", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.glob("complaints/email/*.txt")))
def test_every_complaint_email_keeps_names_as_written(name):
    when = timezone.now()
    complaint = SimpleNamespace(
        reference=HOSTILE,
        name=HOSTILE,
        get_status_display=HOSTILE,
        get_category_display=HOSTILE,
        kmedi_reference=HOSTILE,
        acknowledge_due=when,
        resolve_due=when,
    )
    context = {
        "complaint": complaint,
        "hub_name": HOSTILE,
        "url": "https://hub.example/?a=1&b=2",
        "verify_url": "https://hub.example/?a=1&b=2",
        "note": HOSTILE,
    }
    text = render_to_string(name, context)
    for escaped in ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;"):
        assert escaped not in text, (name, escaped, text)
    assert HOSTILE in text
