# Image for web, worker and beat (docker-compose.yml). WeasyPrint needs Pango and fonts.
# libseccomp2: the letter checker's child is denied sockets by a seccomp filter (letters/confinement.py).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Production unless told otherwise (the settings' default, true, is for a laptop).
ENV DEBUG=false
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core gettext \
        libseccomp2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# Built as root, so the application directory belongs to root and the portal user below can
# read it but not change it. Static files are collected (compressed, hashed) into the image.
RUN pip install --no-cache-dir -c requirements.lock . \
    && DEBUG=false SECRET_KEY=build-only python manage.py compilemessages \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && chmod -R a+rX,go-w /app

# The only writable place: private files when no object storage is configured.
RUN useradd --create-home --uid 1000 portal \
    && mkdir -p /app/var/private && chown -R portal /app/var/private
USER portal
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=5)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "ogp_portal.wsgi:application"]
