"""The design system's wiring: htmx from npm served by staticfiles, the header's menu, the
account pages in the site's layout, and the error pages."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from medhub.accounts.models import Role
from tests.cases.conftest import make_user

pytestmark = pytest.mark.django_db


def test_htmx_comes_from_node_modules_and_every_page_defers_it(client, directory):
    found = finders.find("vendor/htmx/htmx.min.js")
    assert found and "node_modules/htmx.org/dist" in found  # installed by `make install` (npm ci)
    html = client.get("/en/").content.decode()
    assert re.search(r'<script src="/static/vendor/htmx/htmx\.min\.js" defer></script>', html)
    # The content security policy forbids inline styles: htmx must not inject its own.
    assert '"includeIndicatorStyles":false' in html


def test_the_phone_menu_holds_navigation_languages_and_currency(client, directory):
    html = client.get("/ar/").content.decode()
    menu = html[html.index('<details class="menu">') : html.index("</details>", html.index('<details class="menu">'))]
    assert 'href="/ar/search/"' in menu and 'hreflang="ko"' in menu and 'id="currency-select"' in menu
    assert 'dir="rtl"' in html


def test_sign_in_renders_inside_the_site_layout_with_the_design_system(client, directory):
    html = client.get("/en/accounts/login/").content.decode()
    assert '<header class="site-header">' in html and '<div class="account-page">' in html
    assert 'class="btn btn-primary"' in html  # allauth's prominent button as ours


def test_signed_in_staff_get_their_workspace_and_a_sign_out_button(client, directory):
    client.force_login(make_user("coord", Role.COORDINATOR))
    html = client.get("/en/").content.decode()
    assert 'href="/en/work/"' in html and 'href="/en/cases/"' not in html
    assert re.search(r'<form class="signout" method="post" action="/en/accounts/logout/">', html)


def test_error_pages_use_the_stylesheet(client, directory):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert "medhub/site.css" in response.content.decode() and 'class="alert alert-info"' in response.content.decode()
    with translation.override("ar"):
        page = render_to_string("500.html")
    assert 'dir="rtl"' in page and "medhub/site.css" in page
