"""Static files with content-hashed names once ``pacer collectstatic`` has run.

After ``collectstatic`` every asset is served under a name that changes with its content, so
browsers may keep it for a year. Before it (a fresh clone, the test suite) there is no manifest
and assets keep their plain names, served straight from the source folders.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.apps import StaticFilesConfig
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PacerStaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return str(super().stored_name(name))

    def create_compressor(self, **kwargs: Any) -> Compressor:
        # Brotli files are a fifth smaller than gzip but take far longer to make;
        # ``PACER_STATIC_BROTLI=0`` keeps gzip only.
        kwargs.setdefault("use_brotli", getattr(settings, "PACER_STATIC_BROTLI", True))
        return Compressor(**kwargs)


class PacerStaticFilesConfig(StaticFilesConfig):
    """``django.contrib.staticfiles``, collecting only the vendor builds the pages load.

    The npm packages ship every build of their libraries (sources, ES modules, source maps:
    some 50 MB); pages use only the minified browser builds.
    """

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "*.map",
        "*.mjs",
        "*.d.ts",
        "*.gz",
        "*.esm.*",
        "*.amd.js",
        "*.cjs.js",
        "echarts.js",
        "echarts.common*",
        "echarts.simple*",
        "htmx.js",
        "package.json",
        "extension",
        "ext",
    ]
