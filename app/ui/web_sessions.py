"""A session whose browser tab was reloaded or closed is marked
disconnected, always.

Flet 1.0.5's web handler marks a session disconnected when its socket's
reading ends, but not when sending to it failed first (a page update on
its way as the tab reloads): the socket's end then raises past that step.
The session was never told `on_disconnect` and never expired, so the
hand-over screen counted the tab reloaded a moment before as another
screen open ("Other screens are open on this device"), and an outreach
laptop kept every such session for as long as it ran. Here the step is
taken when Flet skipped it. Remove this once Flet takes it itself (the
browser test that reloads the hand-over screen says so).
"""

from __future__ import annotations

from typing import Any

from fastapi import WebSocket, WebSocketDisconnect
from flet_web.fastapi import flet_app
from flet_web.fastapi.flet_app_manager import app_manager

_PATCHED = "_haki_disconnects"


def disconnect_dropped_sessions() -> None:
    """Wrap Flet's web socket handler (once per process)."""
    handle = flet_app.FletApp.handle
    if getattr(handle, _PATCHED, False):
        return

    async def handle_then_disconnect(self: Any, websocket: WebSocket) -> None:
        try:
            await handle(self, websocket)
        except WebSocketDisconnect:
            # Flet's own names for the session and the key it is kept under
            session = getattr(self, "_FletApp__session", None)
            if session is not None:
                await app_manager.disconnect_session(
                    self._FletApp__get_unique_session_id(session.id),
                    self._FletApp__session_timeout_seconds,
                )

    setattr(handle_then_disconnect, _PATCHED, True)
    flet_app.FletApp.handle = handle_then_disconnect
