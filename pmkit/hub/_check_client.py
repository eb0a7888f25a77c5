"""``pmkit check`` on the hub: send the saved notebook to the course's check service.

A learner's server sets ``PMKIT_CHECK_SERVICE`` (the service's URL) and
``JUPYTERHUB_API_TOKEN`` (the server's token, allowed to call that service). The report that
comes back is the one ``pmkit check`` prints off the hub.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from pmkit.grading import CheckReport
from pmkit.hub._errors import HubError

CHECK_SERVICE_VARIABLE = "PMKIT_CHECK_SERVICE"


def check_service_url() -> str | None:
    """Return the course's check service URL when running on the hub, else None."""
    return os.environ.get(CHECK_SERVICE_VARIABLE) or None


def check_remotely(
    notebook: Path, url: str, *, token: str | None = None, timeout: float = 600
) -> CheckReport:
    """Send ``notebook`` to the check service at ``url``; return its per-question report.

    A notebook the service cannot check (not one of the course's, a kernel that stops), a
    service that cannot be reached or one that refuses the token is a HubError saying why.
    """
    token = token or os.environ.get("JUPYTERHUB_API_TOKEN")
    if not token:
        raise HubError("JUPYTERHUB_API_TOKEN is not set: run pmkit check in your hub server")
    try:
        content = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise HubError(f"could not read {notebook}: {err}") from None
    request = urllib.request.Request(
        url.rstrip("/") + "/check",
        data=json.dumps({"name": notebook.name, "notebook": content}).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as err:
        raise HubError(
            f"the course's check service refused the check (HTTP {err.code}): "
            f"{err.read().decode(errors='replace')[:300]}"
        ) from None
    except (urllib.error.URLError, OSError) as err:
        raise HubError(f"the course's check service at {url} did not answer: {err}") from None
    if int(answer["status"]) == 2:
        raise HubError(str(answer.get("error", f"{notebook.name} could not be checked")))
    return CheckReport.from_dict(answer["report"])
