"""A logged-in author talking to a web process over HTTP, as a browser would."""

import re

import requests

from ..factories import PASSWORD


def csrf_token(page: requests.Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def logged_in(url: str, user) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{url}/accounts/login/", timeout=30)
    response = session.post(
        f"{url}/accounts/login/",
        data={"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
        headers={"Referer": f"{url}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def submit_paper(session: requests.Session, url: str, slug: str, user, pdf: bytes, **fields):
    """The "submit a paper" form, filled in and sent with `pdf`; the response (no redirect
    followed: a 302 means the paper was saved)."""
    form_url = f"{url}/{slug}/submit/"
    token = csrf_token(session.get(form_url, timeout=30))
    data = {
        "csrfmiddlewaretoken": token,
        "title": "Learned caches for key-value stores",
        "abstract": "We learn an eviction policy that beats LRU on production traces.",
        "keywords": "caching",
        "declared_conflicts": "",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "30",
        "authors-0-name": user.name,
        "authors-0-email": user.email,
        "authors-0-affiliation": user.affiliation,
        "authors-0-ORDER": "1",
        "submit": "1",
        **fields,
    }
    return session.post(
        form_url,
        data=data,
        files={"pdf": ("paper.pdf", pdf, "application/pdf")},
        headers={"Referer": form_url},
        timeout=60,
        allow_redirects=False,
    )
