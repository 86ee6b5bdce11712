"""The admin's list of models, built once a request.

Every desk page lists the models this user may open (the navigation sidebar, through
``each_context``); the desk's front page lists them a second time. Each build asks every
registered admin for its permissions (django-rules predicates, a few hundred calls), so the
second build is the first's result again.
"""


def remember_app_list(site) -> None:
    """``site.get_app_list(request, app_label)`` answers once per request and app label."""
    build = site.get_app_list

    def get_app_list(request, app_label=None):
        built = request.__dict__.setdefault("_desk_app_lists", {})
        if app_label not in built:
            built[app_label] = build(request, app_label)
        return [dict(app, models=list(app["models"])) for app in built[app_label]]

    site.get_app_list = get_app_list
