"""Where static files live: our own CSS/JS, and the npm packages installed by scripts/start."""

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
ASSET_DIR = Path(__file__).resolve().parent / "assets" / "node_modules"
