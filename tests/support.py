"""Helpers shared by test modules that are neither fixtures (conftest.py) nor builders of test
data (factories.py). No test module imports another: what two of them need lives here."""

import contextlib
import os
import re
import select
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction

# The importer's rules, on a text of a test's own ---------------------------------------------


def imported_text(text: str) -> dict:
    """What importing ``text`` as a text file extracts (read and extracted, nothing written)."""
    from imports.document import read_document
    from imports.extract import extract

    return extract(read_document(text.encode(), "note.txt"))


def record_kinds(text: str, session: int = 0) -> dict[str, list[str]]:
    """The records ``text`` proposes for one of its events, by kind: {kind: [their texts]}."""
    found: dict[str, list[str]] = {}
    for record in imported_text(text)["sessions"][session]["records"]:
        found.setdefault(record["kind"], []).append(record["text"])
    return found


# The admin's inline formsets, posted back as a browser would


def management_data(response):
    """The POST data a browser would send back for the page's forms, as rendered."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
            del field
    return data


def prefix_of(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise AssertionError(f"no inline for {model}")


def add_inline_row(data, prefix, index, **fields):
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


def change_form_data(response, **changes):
    """Everything a facilitator's browser would post back from an admin change page, as it was
    rendered (the main form and every inline row), with ``changes`` applied."""
    form = response.context["adminform"].form
    data = management_data(response)
    forms = [(form, "")]
    for inline in response.context["inline_admin_formsets"]:
        forms += [(inline_form, "") for inline_form in inline.formset.forms]
    for each, _ in forms:
        for name in each.fields:
            value = each[name].value()
            key = each.add_prefix(name)
            if value is None or value is False or hasattr(value, "url"):
                continue  # unticked boxes and stored files are not sent back
            if isinstance(value, list | tuple):
                data[key] = [getattr(v, "pk", v) for v in value]
            else:
                data[key] = getattr(value, "pk", value)
    data.update(changes)
    return data


# The pilot content, loaded once per test process and copied in for each test that needs it

# The apps whose tables hold content: empty after migrations and after a flush.
CONTENT_APPS = ("ajc_sessions", "findings", "followup", "imports", "taggit")


def content_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS and not model._meta.proxy
    ]


def stored_columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if not field.generated]


def holds_no_content() -> bool:
    return not any(model._base_manager.exists() for model in content_models())


@contextmanager
def stamps_kept(model):
    """Inserting rows as they were: ``auto_now`` and ``auto_now_add`` keep the copied times."""
    stamped = [
        (field, field.auto_now, field.auto_now_add)
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for field, _, _ in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in stamped:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class PilotSnapshot:
    """What ``load_reports`` leaves in an empty database (every content row, the figure files),
    copied back in one insert per table: the same rows at a fraction of the load's cost (it
    saves item by item, with every signal). ``tests/test_content_loader.py`` checks that a copy
    holds what a load gives."""

    def __init__(self, media_root):
        from pathlib import Path

        self.rows = {
            model: list(model._base_manager.values(*stored_columns(model)).order_by("pk"))
            for model in content_models()
        }
        root = Path(media_root)
        self.files = {
            path.relative_to(root): path.read_bytes()
            for path in (root.rglob("*") if root.exists() else ())
            if path.is_file()
        }

    def restore(self, media_root) -> None:
        from pathlib import Path

        from django.core.management.color import no_style
        from django.db import connection, transaction

        from ajc import cache

        for relative, content in self.files.items():
            target = Path(media_root) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        with transaction.atomic():  # foreign keys are checked at commit, whatever the order
            for model, rows in self.rows.items():
                if rows:
                    with stamps_kept(model):
                        model._base_manager.bulk_create(
                            [model(**row) for row in rows], batch_size=500
                        )
        models = [model for model, rows in self.rows.items() if rows]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        cache.invalidate(narrowing=True)  # as the load's own saves do


# Edits made as the admin makes them (``sessions.edits``)


def _change_of(obj) -> dict:
    from findings.edits import themes_of
    from findings.models import Item, Theme
    from sessions.models import Session

    if isinstance(obj, Session):
        return {"sessions": [obj.pk]}
    if isinstance(obj, Item):
        return {
            "sessions": [obj.session_id],
            "items": [obj.pk],
            "themes_left": themes_of([obj.pk]),
        }
    if isinstance(obj, Theme):
        return {"themes": [obj.pk]}
    return {"sessions": [getattr(obj, "session_id", None)]}


def saved(obj, **fields):
    """Set ``fields`` on ``obj`` and save it as the admin does: the save, then
    ``content_changed`` with whether it narrowed what someone may see."""
    from sessions.edits import content_changed, stored_visibility, was_narrowed

    with transaction.atomic():
        before = stored_visibility(obj) if hasattr(obj, "visibility") else None
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        hid = hasattr(obj, "visibility") and was_narrowed(before, obj)
        too_small = getattr(obj, "too_small_to_name", False)
        content_changed(
            **_change_of(obj), narrowing=hid or too_small, only_hidden=hid and not too_small
        )
    return obj


def deleted(obj) -> None:
    """Delete ``obj`` as the admin does: a narrowing change."""
    from sessions.edits import content_changed

    with transaction.atomic():
        change = _change_of(obj)
        obj.delete()
        content_changed(**change, narrowing=True)


def relinked(item) -> None:
    """After ``item``'s themes, sectors or answers were changed in code, as the admin's
    ``save_related`` finishes a save."""
    from sessions.edits import content_changed

    content_changed(**_change_of(item))


def pass_second_factor(page, secret=None):
    """In a browser at the two-factor step of signing in: type the authenticator's code
    (every facilitator the factories make has ``factories.TOTP_SECRET``)."""
    import pyotp

    from .factories import TOTP_SECRET

    totp = pyotp.TOTP(secret or TOTP_SECRET)
    for _ in range(2):
        page.get_by_label("Code").fill(totp.now())
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if not page.get_by_role("alert", name="You could not be signed in").count():
            return
        # Every facilitator shares one secret, and a code is taken once (replay protection),
        # or it changed between typing and sending: a person waits for the next code too.
        time.sleep(31 - time.time() % 30)


class FreezableProxy:
    """A TCP proxy in a thread; ``freeze()`` stops forwarding without closing anything, as a
    frozen server (or a hung pooler) does: the kernel still accepts and acknowledges."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frozen = threading.Event()
        self.stopped = threading.Event()
        self.sockets = [self.listener]
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def freeze(self):
        self.frozen.set()

    def _run(self):
        pairs = {}
        while not self.stopped.is_set():
            readable, _, _ = select.select([self.listener, *pairs], [], [], 0.1)
            if self.frozen.is_set():
                time.sleep(0.1)
                continue
            for sock in readable:
                if sock is self.listener:
                    client, _ = self.listener.accept()
                    upstream = socket.create_connection(self.upstream)
                    pairs[client], pairs[upstream] = upstream, client
                    self.sockets += [client, upstream]
                    continue
                data = b""
                with contextlib.suppress(OSError):
                    data = sock.recv(65536)
                if data:
                    pairs[sock].sendall(data)
                else:
                    other = pairs.pop(sock)
                    pairs.pop(other, None)
                    sock.close()
                    other.close()

    def close(self):
        self.stopped.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()


# A real SMTP server (aiosmtpd) for tests that read the mail a person would get -------------


class Inbox:
    """aiosmtpd's handler: keeps every message it receives (the ``inbox`` fixture starts it)."""

    def __init__(self):
        from aiosmtpd.handlers import Message

        class Handler(Message):
            def handle_message(handler, message):
                self.messages.append(message)

        self.messages = []
        self.handler = Handler()

    def wait_for(self, to, count=1, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if to in m["To"]]
            if len(found) >= count:
                return found[count - 1]
            time.sleep(0.1)
        raise AssertionError(f"no email number {count} to {to}")


def email_body(message) -> str:
    if message.is_multipart():
        return message.get_payload(0).get_payload(decode=True).decode()
    return message.get_payload(decode=True).decode()


# British sentence case in headings ("Two-factor authentication", not "Two-Factor Authentication")

# Words that keep their capital anywhere in a heading: names and abbreviations.
PROPER_WORDS = {"AJC", "UK", "GDPR", "JSON", "WebAuthn", "I"}


def title_case_words(text: str) -> list[str]:
    """The words after the first that start with a capital and are not names."""
    words = re.findall(r"[\w'’-]+", text)
    return [w for w in words[1:] if w[0].isupper() and w not in PROPER_WORDS]


def start_worker(queue: str, shared_cache: str, **environment: str):
    """A real background worker (``manage.py worker``) on ``queue``, in a process of its own,
    on this test's PostgreSQL database and the shared Redis cache; its output is piped. The
    caller terminates it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ajc.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "REDIS_URL": shared_cache,
        **environment,
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "worker", "--queue-name", queue, "--interval", "0.2"]
        + ["--no-startup-delay"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


# Processes a test started and did not stop ---------------------------------------------------

# The project's own processes (servers, workers, manage.py commands); the browser and its driver
# are the session's and stay.
OWN_PROCESSES = ("manage.py", "gunicorn", "workers.sh", "ajc.wsgi")


def left_running() -> dict[int, str]:
    """The project's processes still running below this one: {pid: command line}."""
    children = ""
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            children += (task / "children").read_text()
    if not children.strip():
        return {}
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    below, found = {os.getpid()}, True
    while found:
        found = False
        for pid, parent in parents.items():
            if parent in below and pid not in below:
                below.add(pid)
                found = True
    running = {}
    for pid in below - {os.getpid()}:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if state != "Z" and any(name.encode() in command for name in OWN_PROCESSES):
            running[pid] = command.decode(errors="replace").strip()
    return running


def someone_else_recomputes(name, audience, *parts):
    """Hold the recomputation claim of a cached value's current version, as another process
    would (``ajc.cache.values``)."""
    from django.core.cache import cache as django_cache  # the test stands in for that process

    from ajc import cache

    value_key = cache.key(name, audience, *parts)
    assert django_cache.add(f"{value_key}:claim", True, 60)
