"""A facilitator in the admin, as a person uses it: signing in with the second factor, and
saving a change page's form. Shared by the benchmarks that edit (``benchmarks/harness.py``
starts the servers)."""

import html.parser
import re
import sys
import time
from urllib.parse import urlsplit

from harness import FACILITATOR, TOTP_SECRET


class FormFields(html.parser.HTMLParser):
    """The fields of the admin's change form, as a browser would post them back."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self.select = None
        self.textarea = None
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def admin_save(browser, path, change):
    """Open an admin change page and post its form back with ``change`` applied to its fields
    (a dict of field name to a function of the old value): (seconds of the POST, status)."""
    _, page, _ = browser.request("GET", path)
    form = FormFields()
    form.feed(page.decode())
    fields = [
        (name, change[name](value) if name in change else value) for name, value in form.fields
    ]
    fields.append(("_save", "Save"))
    response, _, elapsed = browser.request("POST", path, fields)
    if response.status != 302:
        print(f"Saving {path} answered {response.status}", file=sys.stderr)
    return elapsed, response.status


def csrf_token(page):
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def sign_in(browser, password):
    """Sign the facilitator in as a person does: the admin sends them to the site's sign-in
    page, then the second factor's page takes a code from the authenticator."""
    import pyotp

    response, _, _ = browser.request("GET", "/admin/login/?next=/admin/")
    login = urlsplit(response.getheader("Location") or "/accounts/login/?next=/admin/")
    path = login.path + (f"?{login.query}" if login.query else "")
    _, page, _ = browser.request("GET", path)
    fields = {
        "username": FACILITATOR,
        "password": password,
        "csrfmiddlewaretoken": csrf_token(page),
    }
    response, _, _ = browser.request("POST", path, fields)
    for _attempt in range(3):  # a code is taken once: wait for the next if it was refused
        step = urlsplit(response.getheader("Location") or "").path
        if response.status != 302 or "2fa" not in step:
            break
        _, page, _ = browser.request("GET", step)
        code = pyotp.TOTP(TOTP_SECRET).now()
        response, _, _ = browser.request(
            "POST", step, {"code": code, "csrfmiddlewaretoken": csrf_token(page)}
        )
        if response.status == 302:
            break
        time.sleep(30 - time.time() % 30 + 1)
    if browser.request("GET", "/admin/")[0].status != 200:
        raise SystemExit("Could not sign in to the admin.")
