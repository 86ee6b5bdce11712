"""The migrations of the project's apps: none missing for a model change, and none merging two
branches' histories (issue 19, item 5: before the first release each app's migrations are
squashed to a clean start, and stay linear)."""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

# The apps at the top of the repository (not those installed in its virtualenv).
PROJECT_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == Path(settings.BASE_DIR)
}


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"Missing migrations (exit {exit.code}):\n{out.getvalue()}")


def test_no_migration_merges_two_histories():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    merges = sorted(
        f"{app}/{name}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in PROJECT_APPS
        and len([parent for parent in migration.dependencies if parent[0] == app]) > 1
    )
    assert merges == [], "Merge migrations (squash the app's migrations instead):\n" + "\n".join(
        merges
    )
