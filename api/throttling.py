"""Rate limits read from settings.API_THROTTLE_RATES at each request (DRF's own classes read
theirs once at import), counted in the shared cache."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _FromSettings:
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class AnonymousRate(_FromSettings, AnonRateThrottle):
    pass


class TokenRate(_FromSettings, UserRateThrottle):
    pass
