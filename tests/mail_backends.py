"""Email backends for tests that run the real worker in a process of its own (not a test
module: the worker imports it by its dotted path)."""

import os
import signal
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class DyingFileBackend(BaseEmailBackend):
    """Writes each message to AJC_MAIL_DIR; after AJC_DIE_AFTER messages in all, the process
    is killed (SIGKILL) at once: a worker dying between sending and recording it."""

    def send_messages(self, messages):
        folder = Path(os.environ["AJC_MAIL_DIR"])
        for message in messages:
            number = len(list(folder.iterdir())) + 1
            (folder / f"{number:03d}.eml").write_bytes(message.message().as_bytes())
            die_after = int(os.environ.get("AJC_DIE_AFTER", "0"))
            if die_after and number >= die_after:
                os.kill(os.getpid(), signal.SIGKILL)
        return len(messages)
