"""Values computed over whole tables, kept in the cache until a table they read changes.

Some pages show figures that read every row of a call (the committee's order and charts, the
coordinator's pipeline counts): tens of milliseconds of grouped queries at 10,000 applications
that would be paid on every request, while the rows change far less often than the pages are
read. Such a value is computed once per *version* of its sources and kept: every source model
has a version, a token in the cache that a save or delete of one of its rows replaces (the
model signals, connected by ``watch``), at once and again when its transaction commits, so that
a value computed meanwhile from the old rows is not kept. A value names its sources, so a change
renews only what is made of it. What escapes the model signals (a bulk update, a data import,
the passing of time for a count of what is overdue) is seen after ``KEPT_SECONDS`` at most.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

# How long a value is kept at most, should a change escape the signals.
KEPT_SECONDS = 60

_watched: set[str] = set()
_quiet: dict[str, frozenset] = {}


def _key(label):
    return f"kept:version:{label.lower()}"


def versions(sources) -> list[str]:
    """The current version of each source; a new one for a source the cache lost (nothing
    older is then read)."""
    keys = [_key(label) for label in sources]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_version(), timeout=None)
            found[key] = cache.get(key) or _new_version()
    return [found[key] for key in keys]


def _new_version() -> str:
    return str(time.time_ns())


def forget(sources=None) -> None:
    """Every value made of ``sources`` (default: every watched model) is old, after a bulk
    write that sent no signal."""
    cache.delete_many([_key(label) for label in (sources or sorted(_watched))])


def quiet(label, fields) -> None:
    """A save of a ``label`` row that writes only ``fields`` renews nothing: no kept value
    reads them (a sign-in writes the user's ``last_login``, and would otherwise renew every
    value made of users, such as the desks' counts, at each sign-in)."""
    _quiet[label.lower()] = frozenset(fields)


def source_changed(sender, update_fields=None, **_signal) -> None:
    """A row of ``sender`` was saved or deleted: the values made of it are old (unless the
    save wrote only fields no value reads: ``quiet``)."""
    label = sender._meta.label
    if update_fields and frozenset(update_fields) <= _quiet.get(label.lower(), frozenset()):
        return
    key = _key(label)
    cache.set(key, _new_version(), timeout=None)
    # Again once committed: a value read between the change and its commit kept the old rows.
    transaction.on_commit(lambda: cache.set(key, _new_version(), timeout=None))


def kept(parts, compute, *, sources, seconds=KEPT_SECONDS):
    """``compute()``, or what it gave for the same ``parts`` (the value's name and scope) since
    its ``sources`` last changed. Every source must be ``watch``ed."""
    unwatched = set(sources) - _watched
    if unwatched:
        raise ValueError(f"Not watched, so never renewed: {sorted(unwatched)}")
    # The sources' versions, hashed: a key names many of them, and stays short (memcached
    # refuses keys of more than 250 characters).
    state = hashlib.sha256(":".join(versions(sources)).encode()).hexdigest()[:32]
    key = ":".join(["kept", *map(str, parts), state])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds)
    return value


def watch(labels) -> None:
    """Renew the version of each model in ``labels`` ("app.Model") when a row is saved or
    deleted (called from an app's ``ready``)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in labels:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(source_changed, sender=model, dispatch_uid=f"kept:{label}")
        _watched.add(label)


def watch_signal(signal, label) -> None:
    """Renew the version of ``label`` when ``signal`` is sent by its model (for rows written
    past the model signals, in SQL, that their writer announces)."""
    from django.apps import apps

    signal.connect(source_changed, sender=apps.get_model(label), dispatch_uid=f"kept:{label}")
    _watched.add(label)
