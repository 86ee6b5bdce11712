"""The test identity provider as a server of the test session (``tests/sso/idp/``).

``IdentityProviderServer(clients, users).start()`` writes the configuration, runs
``python -m tests.sso.idp.serve`` on 127.0.0.1 at a free port (a temporary folder for its
SQLite database, its own process group) and waits until its discovery document answers; a
few seconds. ``stop()`` ends it and removes the folder. The ``identity_provider`` fixture of
``tests/conftest.py`` starts one per session, only when a test asks for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.services import ChildProcessServer, ServiceError, _log_tail, free_port

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


class IdentityProviderServer(ChildProcessServer):
    def __init__(self, *, clients: list[dict], users: list[dict]) -> None:
        self.clients = clients
        self.users = users

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def server_url(self) -> str:
        """What the portal is configured with: the issuer, whose discovery document it reads."""
        return f"{self.url}/openid"

    @property
    def log(self) -> Path:
        return self.root / "idp.log"

    def start(self, timeout: float = 30) -> IdentityProviderServer:
        self.root = Path(tempfile.mkdtemp(prefix="ogp-test-idp-"))
        for _attempt in range(3):
            self.port = free_port()
            config = self.root / "config.json"
            config.write_text(
                json.dumps({"port": self.port, "clients": self.clients, "users": self.users})
            )
            environment = {**os.environ, "IDP_ROOT": str(self.root), "IDP_URL": self.url}
            environment.pop("DJANGO_SETTINGS_MODULE", None)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.sso.idp.serve", str(config)],
                cwd=REPO_ROOT,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=self.log.open("ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if self._wait_until_ready(timeout):
                return self
            self._terminate()
            (self.root / "idp.sqlite3").unlink(missing_ok=True)
        raise ServiceError(f"The test identity provider did not start:\n{_log_tail(self.log)}")

    def _wait_until_ready(self, timeout: float) -> bool:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                answer = requests.get(
                    f"{self.server_url}/.well-known/openid-configuration", timeout=2
                )
                if answer.ok:
                    return True
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        return False
