"""Read mkdocs.yml without MkDocs, for the commands that run the pipeline on their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import BriefingError


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's tags (!ENV, !!python/name) become None: these commands need none of their values."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: Path) -> dict[str, Any]:
    """``root/mkdocs.yml`` as a mapping; empty when there is none, so defaults apply."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}  # noqa: S506 - a SafeLoader
    except (OSError, yaml.YAMLError) as exc:
        raise BriefingError(f"mkdocs.yml: cannot read the site configuration ({exc.__class__.__name__})") from None
    if not isinstance(config, dict):
        raise BriefingError("mkdocs.yml: cannot read the site configuration (not a mapping)")
    return config


def briefing_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The ``extra.briefing`` settings."""
    return ((config.get("extra") or {}).get("briefing")) or {}
