"""Briefing-site generator: raw article dumps in, cleaned and cited Markdown pages out."""

__all__ = ["__version__"]
__version__ = "0.1.0"
