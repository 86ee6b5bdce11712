import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
application = get_wsgi_application()

from ogp_portal.body_limit import RequestBodyLimit  # noqa: E402 - needs settings configured

application = RequestBodyLimit(application)
