"""The Content-Security-Policy: sent on every page, no 'unsafe-inline', and no template left
that needs it (tests/e2e/test_csp.py runs the pages in Chromium and counts violations)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

REPO = Path(__file__).resolve().parents[2]
# Web pages only: the HTML bodies of mails are read by mail clients, not under the policy.
TEMPLATES = [
    path
    for path in sorted((REPO / "templates").rglob("*.html"))
    if "emails" not in path.relative_to(REPO / "templates").parts
]
INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    # A <script> that is neither a file (src=) nor data (type="application/json").
    (re.compile(r"<script\b(?![^>]*\b(src|type=\"application/json\")\b)", re.I), "inline script"),
]


def test_the_scan_sees_the_templates():
    assert len(TEMPLATES) >= 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text()
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert found == [], f"{template.relative_to(REPO)} has {', '.join(found)}"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/docs/", "/admin/login/"])
def test_every_page_carries_a_policy_without_unsafe_inline(client, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], name
    assert directives["object-src"] == directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_api_docs_load_swagger_ui_from_our_own_static_files(client):
    html = client.get(reverse("api-docs")).content.decode()
    assert "cdn.jsdelivr.net" not in html and "<style" not in html
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources[:2] == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
    ]
    # Swagger UI's start-up script is a file of its own, not inline.
    script = client.get(sources[2].replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()
    for path in sources[:2]:
        response = client.get(path)
        assert response.status_code == 200
        response.close()  # whitenoise streams the file
