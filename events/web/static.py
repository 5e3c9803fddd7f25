"""Where static files live: our own CSS/JS, and the npm packages installed by scripts/start.

Of node_modules only what the pages use is served under /vendor/: the stylesheets and fonts of
the component library, of the theme (a setting) and of font packages. Everything else there
(package.json, the lock file, scripts, source maps, other packages) answers 404.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from litestar import Router
from litestar.file_system import BaseLocalFileSystem
from litestar.static_files import create_static_files_router
from litestar.types import PathType
from litestar.types.file_types import FileInfo

from events.settings import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
ASSET_DIR = Path(__file__).resolve().parent / "assets" / "node_modules"

COMPONENT_PACKAGE = "@utrecht/component-library-css"
FONT_SCOPES = ("@fontsource",)
VENDOR_SUFFIXES = frozenset({".css", ".woff2", ".woff", ".ttf", ".otf"})


def package_of(asset_path: str) -> str:
    """The npm package a path under node_modules starts with (`@scope/name` or `name`)."""
    parts = PurePosixPath(asset_path).parts
    return "/".join(parts[:2]) if parts and parts[0].startswith("@") else "/".join(parts[:1])


def vendor_packages(settings: Settings) -> frozenset[str]:
    return frozenset({COMPONENT_PACKAGE, package_of(settings.theme_css)})


class AllowListFileSystem(BaseLocalFileSystem):
    """The local file system below `root`, showing only stylesheets and fonts of `packages`."""

    def __init__(self, root: Path, packages: frozenset[str]) -> None:
        self.root = root.resolve()
        self.packages = packages

    def allows(self, path: PathType) -> bool:
        try:
            relative = Path(path).resolve().relative_to(self.root)
        except ValueError:
            return False
        parts = relative.parts
        return (
            relative.suffix in VENDOR_SUFFIXES
            and not any(part.startswith(".") for part in parts)
            and (package_of(relative.as_posix()) in self.packages or parts[0] in FONT_SCOPES)
        )

    async def info(self, path: PathType, **kwargs: Any) -> FileInfo:
        if not self.allows(path):
            raise FileNotFoundError(path)
        return await super().info(path, **kwargs)


def vendor_router(settings: Settings) -> Router:
    """/vendor/: the allowed files of node_modules."""
    return create_static_files_router(
        path="/vendor",
        directories=[ASSET_DIR],
        file_system=AllowListFileSystem(ASSET_DIR, vendor_packages(settings)),
        name="vendor",
        include_in_schema=False,
    )
