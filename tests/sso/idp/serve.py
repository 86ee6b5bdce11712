"""Set up and serve the test identity provider: ``python -m tests.sso.idp.serve CONFIG``.

CONFIG is a JSON file written by ``tests.sso.server``::

    {"port": 8123,
     "clients": [{"client_id": "...", "secret": "...", "redirect_uris": ["..."]}],
     "users": [{"email": "...", "password": "...", "first_name": "...", "last_name": "...",
                "second_factor": true}]}

Environment: ``IDP_ROOT`` (the temporary folder for the database) and ``IDP_URL``. It creates
the tables, an RSA signing key (the package's ``creatersakey`` command), the clients and the
users, then serves with Django's ``runserver`` (no reloader) on 127.0.0.1 until stopped.
"""

import json
import os
import sys


def main(config_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.sso.idp.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    from tests.sso.idp.claims import SECOND_FACTOR_GROUP

    with open(config_path) as file:
        config = json.load(file)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey")
    code = ResponseType.objects.get(value="code")
    for entry in config["clients"]:
        client = Client.objects.create(
            name=entry["client_id"],
            client_id=entry["client_id"],
            client_secret=entry["secret"],
            client_type="confidential",
            require_consent=False,
            reuse_consent=True,
            jwt_alg="RS256",
        )
        client.redirect_uris = entry["redirect_uris"]
        client.scope = ["openid", "email", "profile"]
        client.save()
        client.response_types.add(code)
    group = Group.objects.create(name=SECOND_FACTOR_GROUP)
    for entry in config["users"]:
        user = User.objects.create_user(
            username=entry["email"],
            email=entry["email"],
            password=entry["password"],
            first_name=entry.get("first_name", ""),
            last_name=entry.get("last_name", ""),
        )
        if entry.get("second_factor"):
            user.groups.add(group)
    call_command("runserver", f"127.0.0.1:{config['port']}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main(sys.argv[1])
