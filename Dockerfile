# The knowledge base for production: gunicorn serving ajc.wsgi with AJC_ENV=production.
# Stateless: content, sessions, login throttling and the cache live in PostgreSQL, figures in
# the media volume. See docs/operations.md (compose.yaml runs it with PostgreSQL).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz's subsetter) and fontconfig; the PDFs' fonts ship
# in static/fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --uid 10001 --shell /usr/sbin/nologin ajc
WORKDIR /app

# Exactly the hash-pinned packages the tests ran with.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# Only what the site needs (no virtual environment, database or uploads from a developer's tree).
COPY manage.py pyproject.toml gunicorn.conf.py ./
COPY ajc ajc
COPY sessions sessions
COPY findings findings
COPY reports reports
COPY followup followup
COPY imports imports
COPY accounts accounts
COPY content content
COPY templates templates
COPY static static

# Static files are collected (hashed and compressed for WhiteNoise) at build time. Production
# settings refuse to load without a secret, hosts and database: these build-time values are
# placeholders used for this one command and never at run time.
RUN AJC_ENV=production \
    DJANGO_SECRET_KEY=build-time-placeholder-never-used-to-serve-requests-0123456789 \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown ajc:ajc /app/media

USER ajc
ENV AJC_ENV=production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3
EXPOSE 8000

# The health endpoint checks the database too; it is exempt from the HTTPS redirect, and is
# asked for with an allowed host name.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = os.environ['DJANGO_ALLOWED_HOSTS'].split(',')[0].strip().lstrip('.'); urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/health/', headers={'Host': host}), timeout=4)"]

# The same image runs the background workers, one per lane (compose.yaml, docs/operations.md):
#   python manage.py worker --no-reload --queue-name reports            (PDFs; two of them)
#   python manage.py worker --no-reload --queue-name imports
#   python manage.py worker --no-reload --queue-name digests,refresh,default
# gunicorn takes its worker count from WEB_CONCURRENCY. Workers are recycled now and then so a
# slow leak cannot grow without bound; the timeout allows for a PDF being rendered.
CMD ["gunicorn", "ajc.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", \
     "--timeout", "60", "--graceful-timeout", "30", \
     "--max-requests", "2000", "--max-requests-jitter", "200"]
