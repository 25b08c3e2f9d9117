"""Every public page is valid HTML by the Nu HTML checker (vnu, from the npm registry, on Java;
issue 14), signed out and signed in as a member: the pilot's content, its follow-up, a sector
chart, the empty, not-found and bad-filter pages."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from findings.models import Item, Theme
from sessions.models import LearningGroup

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = [pytest.mark.processes, pytest.mark.django_db]


def pages() -> dict[str, str]:
    group = LearningGroup.objects.get()
    theme = Theme.objects.get(slug="payment-by-results")
    voiced = Item.objects.filter(sectors__isnull=False).distinct().first()
    recommendation = Item.objects.filter(kind="recommendation").order_by("pk").first()
    return {
        "home": "/",
        "groups": "/groups/",
        "group": group.get_absolute_url(),
        "session": "/groups/pilot-learning-group/sessions/4/",
        "browser": "/findings/",
        "filtered": "/findings/?theme=payment-by-results&kind=finding&agreement=unanimous",
        "search": "/findings/?q=commissioners",
        "nothing found": "/findings/?q=zzzzzz",
        "bad filter": "/findings/?kind=bogus",
        "new since": "/findings/?since=2012-01&order=published",
        "item with sectors": voiced.get_absolute_url(),
        "theme": theme.get_absolute_url(),
        "theme brief": theme.get_absolute_url() + "brief/",
        "brief with sector chart": "/findings/themes/partnership-working/brief/",
        "risks": "/findings/risks/?audience=commissioners",
        "recommendations": "/findings/recommendations/",
        "what's new": "/findings/new/",
        "follow-up": "/followup/",
        "recommendation's follow-up": f"/followup/recommendations/{recommendation.pk}/",
        "tracked risks": "/findings/risks/?state=revisited",
        # Signed out, these two are the sign-in page they lead to.
        "follow a recommendation": f"/followup/follow/?kind=recommendation&key={recommendation.pk}",
        "what you follow": "/followup/following/",
        "sign in": "/accounts/login/",
        "not found": "/findings/themes/no-such-theme/",
    }


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "member"])
def test_every_public_page_is_valid_html(client, pilot_content, member, tmp_path, signed_in):
    assert VNU.exists() and shutil.which("java"), "scripts/bootstrap.sh test installs vnu and Java"
    call_command("load_followup", stdout=io.StringIO())
    if signed_in:
        client.force_login(member)
    files = {}
    for name, url in pages().items():
        response = client.get(url, follow=True)
        assert response["Content-Type"].startswith("text/html"), name
        path = tmp_path / f"{len(files):02d}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    command = ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files]
    # A fixed command (Java from the PATH, as bootstrap installs it) on our own temporary files.
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)  # noqa: S603
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{files[message['url'].removeprefix('file:')]}: line {message.get('lastLine')}: "
        f"{message['message']}"
        for message in messages
        if message["type"] != "info"
    ]
    assert not errors, "\n".join(errors)
    assert len(files) == len(pages())
