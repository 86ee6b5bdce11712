"""How the sign-in limits of django-allauth count when many honest people share one address
(an office at a deadline, issue 18 item 12).

- allauth counts a sign-in against the per-address "failed" limit *before* checking the
  password and takes it back after a success; with a dozen colleagues signing in at the same
  moment, the in-flight ones fill the limit and the next is refused "too many attempts". Here
  the per-address part (``login_failed_address``) only counts failures; it is checked, not
  counted, before the password. The per-account part (``login_failed``) counts as allauth does.
- allauth's limiter answers 429 when it cannot take its per-address lock in the cache within
  a second. Held for two cache round trips at a time, a lock is free long before that unless
  the machine is saturated (password hashes on every core): then a second is too short and an
  honest sign-in is refused. It waits up to ``RATE_LIMIT_LOCK_WAIT_SECONDS`` instead.
"""

ADDRESS_ACTION = "login_failed_address"


def split_login_failed(rates: str) -> dict[str, str]:
    """LOGIN_FAILED_RATE_LIMIT ("10/m/ip,5/5m/key") as the two actions above."""
    per_address, per_account = [], []
    for rate in filter(None, (part.strip() for part in rates.split(","))):
        parts = rate.split("/")
        (per_address if len(parts) == 2 or parts[2] == "ip" else per_account).append(rate)
    return {"login_failed": ",".join(per_account), ADDRESS_ACTION: ",".join(per_address)}


def address_may_try(request) -> bool:
    from allauth.core import ratelimit  # noqa: PLC0415 - settings import this module

    return bool(ratelimit.consume(request, action=ADDRESS_ACTION, dry_run=True))


def count_failure(request) -> None:
    from allauth.core import ratelimit  # noqa: PLC0415

    ratelimit.consume(request, action=ADDRESS_ACTION)


def wait_longer_for_locks(seconds: float) -> None:
    """Called once from AccountsConfig.ready(): allauth reads the module's constant each time."""
    from allauth.core.internal import ratelimit as internal  # noqa: PLC0415

    internal.CACHE_LOCK_WAIT_TIMEOUT = seconds
