"""The hub's "cannot run" error: what is missing or failed, and what to do about it."""

from __future__ import annotations


class HubError(RuntimeError):
    """The hub cannot be set up, started or stopped here; the message says why and what to do.

    Not root, a Debian package missing (postgresql, npm, python3), no hub set up in the state
    folder, or a part (PostgreSQL, npm, JupyterHub) that failed, with the end of its output.
    """
