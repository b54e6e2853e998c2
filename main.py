"""Start Haki: read the settings, prepare the local store, run the UI.

    python main.py [--host H] [--port P] [--data-dir D] [--lang CODE] [--config PATH]

With no display (a server, CI) the web UI is served on 127.0.0.1 with no
CDN, so it works with no network; with a display it opens a window.
--config names the configuration file (default: the shipped
config/haki.toml), which holds the receiving organisation's public key.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from app import logs, paths, settings
    from app.content.registry import load_registry
    from app.startup import Preparation, StartupError, check_before_start

    logs.configure()
    registry = load_registry(paths.LANGUAGES_FILE)
    try:
        config = settings.from_args(argv, registry.codes)
        check_before_start(config)
    except (settings.SettingsError, StartupError) as exc:
        print(f"haki: error: {exc}", file=sys.stderr)
        return 2

    from app.addresses import AddressError
    from app.ui.launch import run, warm_up

    try:
        run(Preparation(config, registry, warm_up=warm_up))
    except AddressError as exc:
        print(f"haki: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
