"""The admin's list of models: built once per user's rights, drawn once per content.

Every desk page shows the models this user may open (the navigation sidebar, through
``each_context``), and the desk's front page shows them again with their links. Building the
list asks every registered admin for its permissions (django-rules predicates, a few hundred
calls, about 3.5 ms), and drawing it through ``admin/app_list.html`` takes about 5 ms: together
the largest part of a small desk page. Both change only when the user's rights, the language or
the registered admins change, so:

- ``remember_app_list`` keeps what ``site.get_app_list`` built, in the cache, under a key made of
  everything the admins' permission checks read (``rights_key``): the user, their staff roles,
  their model permissions, whether this session gave the second factor, the language, and the
  registered admins. A change of any of them is a new key at once; ``APP_LIST_SECONDS`` bounds
  how long an unused entry stays.
- ``kept_app_list`` (the ``{% kept_app_list %}`` tag that ``templates/admin/app_list.html`` uses)
  keeps the drawn HTML under a digest of what it draws: the list itself, the page's current
  model (the sidebar marks it), whether change links are shown, and the language. What is drawn
  from a given list is therefore never stale.
"""

import hashlib
from functools import cache as once
from urllib.parse import quote

from django.core.cache import cache
from django.utils.translation import get_language

from accounts.rules import roles_of
from accounts.second_factor import staff_rights_withheld

APP_LIST_SECONDS = 600


@once
def _registry_digest(site) -> str:
    """The registered admins, as a short digest (a deployment that registers another model
    changes every key). Read once per process: registrations end at start-up."""
    labels = sorted(
        f"{model._meta.label}:{type(model_admin).__qualname__}"
        for model, model_admin in site._registry.items()
    )
    return hashlib.sha256("|".join(labels).encode()).hexdigest()[:16]


def rights_key(site, request, app_label) -> str:
    """What the admins' permission checks read for ``request.user``, as a cache key."""
    user = request.user
    facts = (
        user.pk,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        sorted(roles_of(user)),
        staff_rights_withheld(user),
        sorted(user.get_all_permissions()),
        get_language(),
        app_label,
        _registry_digest(site),
    )
    return "desk:app-list:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def remember_app_list(site) -> None:
    """``site.get_app_list(request, app_label)`` is built once per ``rights_key``."""
    build = site.get_app_list

    def get_app_list(request, app_label=None):
        built = request.__dict__.setdefault("_desk_app_lists", {})
        if app_label not in built:
            key = rights_key(site, request, app_label)
            found = cache.get(key)
            if found is None:
                found = _plain(build(request, app_label))
                cache.set(key, found, APP_LIST_SECONDS)
            built[app_label] = found
        return [dict(app, models=list(app["models"])) for app in built[app_label]]

    site.get_app_list = get_app_list


def _plain(app_list):
    """The list with its names as plain text in the current language (the key names it): lazy
    texts do not go into the cache."""
    return [
        dict(
            app, name=str(app["name"]), models=[dict(m, name=str(m["name"])) for m in app["models"]]
        )
        for app in app_list
    ]


def drawn_key(app_list, request, show_changelinks) -> str:
    """A digest of everything ``admin/app_list.html`` draws from ``app_list`` on this page."""
    path = quote(request.path)  # as the template's ``request.path|urlencode``
    content = []
    for app in app_list:
        models = [
            (
                model.get("object_name"),
                str(model.get("name")),
                model.get("admin_url"),
                model.get("add_url"),
                model.get("view_only"),
                bool(model.get("admin_url")) and model["admin_url"] in path,
            )
            for model in app["models"]
        ]
        current = bool(app.get("app_url")) and app["app_url"] in path
        content.append((app["app_label"], str(app["name"]), app.get("app_url"), current, models))
    facts = (content, bool(show_changelinks), get_language())
    return "desk:app-list-html:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def kept_app_list(context) -> str:
    """``desk/app_list.html`` drawn for the context's ``app_list``, or the same HTML kept."""
    key = drawn_key(
        context.get("app_list") or [], context["request"], context.get("show_changelinks")
    )
    html = cache.get(key)
    if html is None:
        html = context.template.engine.get_template("desk/app_list.html").render(context)
        cache.set(key, html, APP_LIST_SECONDS)
    return html
