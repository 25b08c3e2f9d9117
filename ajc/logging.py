"""Log lines as JSON objects, one a line, for a log collector to index without parsing prose.

Anything passed in ``extra={...}`` becomes a field of its own, so a security event such as
``logger.info("login failed", extra={"event": "login_failed", "ip": ...})`` can be searched
by ``event``. Values that JSON cannot hold are written as their ``str()``.
"""

import datetime
import json
import logging

# Attributes every LogRecord has; whatever else a record carries came from ``extra``.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
) | {"message", "asctime", "request", "server_time"}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                line[key] = value
        # Django passes the request to its own loggers: its path and method are useful, the
        # whole object (cookies, headers) is not and could carry a session key.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line.setdefault("path", request.path)
            line.setdefault("method", request.method)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)
