"""Find markup a reader's browser would act on: scripts, event handlers, javascript: URLs, frames."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that run code, load documents or restyle the page; text from a source must never make one.
ACTIVE_TAGS = frozenset(
    "script iframe frame frameset object embed applet base form style link meta svg math template noscript".split()
)
URL_ATTRS = frozenset("href src action formaction xlink:href data srcset poster background ping".split())
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these before reading the scheme


class _Finder(HTMLParser):
    def __init__(self, theme: bool, payload: str) -> None:
        super().__init__(convert_charrefs=True)
        self.theme, self.payload, self.found, self._open = theme, payload, [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag in ("script", "style"):
            self._open = tag

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and self.payload in data:
            self.found.append(f"<{self._open}> holding {data.strip()[:60]!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and value and _BAD_SCHEME.match(_IGNORED_IN_URL.sub("", value)):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv='refresh'>")
        # A meta tag's content is text for crawlers (citation_title); escaped, it cannot act.
        carries_payload = any(self.payload in (v or "") for n, v in attrs if not (tag == "meta" and n == "content"))
        if tag in ACTIVE_TAGS and (not self.theme or carries_payload):
            self.found.append(f"<{tag}>")


def live_markup(html: str, theme: bool = False, payload: str = "alert") -> list[str]:
    """Every element a browser would act on.

    ``theme=False`` (a page body) reports every active tag. ``theme=True`` (a whole built page)
    allows the theme's own scripts, icons and styles, and reports those that carry ``payload``,
    the marker every hostile test string uses; event handlers and script URLs are always reported.
    """
    finder = _Finder(theme, payload)
    finder.feed(html)
    finder.close()
    return finder.found
