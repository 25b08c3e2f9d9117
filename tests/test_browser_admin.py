"""Every admin page the project configures, opened by a facilitator in Chromium: no axe
violations on its lists, add and change pages (issue 10: WCAG 2.2 AA for facilitators too)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from .support import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase"
# Django's and other libraries' own admin pages are theirs to mend; these are the project's.
PROJECT_APPS = {"ajc_sessions", "findings", "followup", "imports"}


def project_admin_pages():
    """(name, url) of each list page and, where one exists, the first object's change page."""
    pages = []
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in PROJECT_APPS:
            continue
        info = (opts.app_label, opts.model_name)
        pages.append((f"{opts.model_name} list", reverse("admin:{}_{}_changelist".format(*info))))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            change = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            pages.append((f"{opts.model_name} change", change))
    return pages


def test_the_projects_admin_pages_have_no_axe_violations(
    page, live_server, pilot_content, facilitator
):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in|Sign in")).click()
    pass_second_factor(page)
    expect(page.get_by_role("heading", name=re.compile("Write up and publish"))).to_be_visible()
    failures = {}
    pages = project_admin_pages()
    assert len(pages) > 20
    for name, path in pages:
        response = page.goto(live_server.url + path)
        if response.status == 403:
            continue  # not a facilitator's page (digests sent, members' follows)
        results = Axe().run(page)
        if results.violations_count:
            failures[name] = results.generate_report()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
