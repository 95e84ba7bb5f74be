"""Find sources that repeat another: the same article (text or URL) or the same page address."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from .errors import source_problem
from .model import Source

# Query parameters that say how a reader arrived, not which article they asked for.
_TRACKING = re.compile(r"^(?:utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref_src|cmpid)$", re.I)
_PATH_SAFE = "/:@!$&'()*+,;=-._~"

SOURCE_PAGE = "sources/{slug}.md"


# Every ASCII byte that is not a letter or digit becomes a space, and capitals lower case (ASCII's
# case folding); other bytes (UTF-8) are kept.
_ASCII_WORDS = bytes(
    b if b >= 0x80 else ord(chr(b).lower()) if chr(b).isalnum() else 0x20 for b in range(256)
)
_ASCII = bytes(range(0x80))
# Characters a copy-paste adds or drops without changing a word (soft hyphen, zero-width marks, BOM).
_INVISIBLE_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")


@lru_cache(maxsize=4096)  # a text holds few distinct characters outside ASCII, and texts share them
def _folded(char: str) -> str:
    """What one character outside ASCII becomes in the key's text: nothing for an invisible one;
    else its case folding, with every character that is not a letter or digit made a space."""
    if char in _INVISIBLE_CHARS:
        return ""
    return "".join(c if c < "\x80" or c.isalnum() else " " for c in char.casefold())


@lru_cache(maxsize=16384)  # the same text object comes back on every `mkdocs serve` rebuild
def text_key(raw: str) -> str:
    """A key equal for two copies of the same text; ``""`` when the text has no words.

    Unicode compatibility forms, case, punctuation, markup characters, invisible characters and
    line breaks are folded, so a capture saved twice (or once through another editor) matches.
    The key hashes the text's words (``[^\\W_]+``, the letters and digits of any script), joined
    by single spaces.
    """
    # NFKC makes a no-break space a space; replaced first, most texts then need no normalizing at all.
    text = raw.replace("\u00a0", " ")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # Case folding and removing invisible characters go character by character (neither looks at
    # a character's neighbours), so each distinct character outside ASCII is folded once and
    # replaced wherever it stands: a text holds a few dozen such characters, found by deleting
    # every ASCII byte of its UTF-8. The ASCII ones are folded in one pass over the bytes.
    data = text.encode("utf-8")
    for char in set(data.translate(None, _ASCII).decode("utf-8")):
        folded = _folded(char)
        if folded != char:
            text = text.replace(char, folded)
            data = b""
    # The words joined by single spaces: after the translation, the only whitespace left is the
    # space, so halving every run of spaces until none is left does what split() and join() do,
    # without making an object per word.
    words = (data or text.encode("utf-8")).translate(_ASCII_WORDS)
    while b"  " in words:
        words = words.replace(b"  ", b" ")
    words = words.strip(b" ")
    if not words:
        return ""
    return hashlib.sha256(words).hexdigest()


def url_key(url: str | None) -> str | None:
    """The article a URL points at, or ``None`` when it is not an http(s) URL.

    Scheme (http/https), case of the host, ``www.``, default ports, a trailing slash, percent-
    encoding of plain characters, the fragment and tracking parameters do not change the article.
    """
    if not isinstance(url, str) or any(c.isspace() for c in url.strip()):
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    host = unicodedata.normalize("NFC", host).casefold()
    if host.startswith("www."):
        host = host[4:]
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE)
    path = re.sub(r"/{2,}", "/", path).rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    return host + path + (f"?{urlencode(query)}" if query else "")


def page_address(uri: str, use_directory_urls: bool = True) -> str:
    """The address MkDocs gives a file (``sources/a.md`` -> ``sources/a/``), as a reader types it."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[: -len(".md")]
    parent, _, name = stem.rpartition("/")
    prefix = f"{parent}/" if parent else ""
    if name in ("index", "README"):
        return prefix
    return f"{prefix}{name}/" if use_directory_urls else f"{prefix}{name}.html"


def address_key(uri: str) -> str:
    """Two pages clash when their addresses differ only in case or Unicode form.

    Case-insensitive file systems (macOS, Windows) and NFC/NFD file names would otherwise make a
    clone of the site hold one page where the build made two.
    """
    return unicodedata.normalize("NFKC", page_address(uri)).casefold()


@dataclass(frozen=True)
class Duplicate:
    """``second`` repeats ``first`` (paths in sorted order) by ``kind``: text, url or address."""

    kind: str
    first: str
    second: str
    detail: str = ""

    def message(self) -> str:
        if self.kind == "text":
            return source_problem(self.second, None, f"same article text as {self.first} (keep one of the two files)")
        if self.kind == "url":
            return source_problem(self.second, "url", f"same article URL as {self.first} ({self.detail})")
        if self.kind == "similar":
            return source_problem(
                self.second, None,
                f"nearly the same article text as {self.first} ({self.detail} of their five-word runs are shared; "
                "keep one of the two files)",
            )
        return source_problem(self.second, None, f"page address '{self.detail}' is also the address of {self.first}")


def find_duplicates(
    sources: Iterable[Source],
    reserved: Mapping[str, str] | None = None,
    text_keys: Mapping[str, str] | None = None,
    url_keys: Mapping[str, str | None] | None = None,
    added: Iterable[str] = (),
) -> list[Duplicate]:
    """Every pair of sources holding the same article, and every page address taken twice.

    ``reserved`` maps the uri of a page made by something else (a generated index, a hand-written
    page) to a description of it, e.g. ``{"sources/index.md": "the generated Sources index"}``.
    One pair is reported once: same text wins over same URL. ``text_keys`` and ``url_keys`` may
    give a source's ``text_key`` and ``url_key`` by path, made earlier. ``added``: paths of files a
    pull request adds; they come after the others, so a pair is reported on the added file.
    """
    newer = frozenset(added)
    ordered = sorted(sources, key=lambda s: (s.path in newer, s.path))
    found: list[Duplicate] = []
    by_text: dict[str, Source] = {}
    by_url: dict[str, Source] = {}
    for s in ordered:
        key = text_keys[s.path] if text_keys is not None and s.path in text_keys else text_key(s.raw)
        same_text = by_text.setdefault(key, s) if key else s
        if same_text is not s:
            found.append(Duplicate("text", same_text.path, s.path))
        ukey = url_keys[s.path] if url_keys is not None and s.path in url_keys else url_key(s.meta.url)
        same_url = by_url.setdefault(ukey, s) if ukey else s
        if same_url is not s and not (key and same_url is by_text[key]):
            found.append(Duplicate("url", same_url.path, s.path, ukey or ""))
    taken = {address_key(uri): what for uri, what in sorted((reserved or {}).items())}
    for s in ordered:
        uri = SOURCE_PAGE.format(slug=s.slug)
        key = address_key(uri)
        if key in taken:
            found.append(Duplicate("address", taken[key], s.path, page_address(uri)))
        else:
            taken[key] = s.path
    return found


def duplicate_problems(
    sources: Iterable[Source],
    reserved: Mapping[str, str] | None = None,
    text_keys: Mapping[str, str] | None = None,
    url_keys: Mapping[str, str | None] | None = None,
    added: Iterable[str] = (),
) -> list[str]:
    """One line per duplicate, naming both files (see ``find_duplicates``)."""
    return [d.message() for d in find_duplicates(sources, reserved, text_keys, url_keys, added)]


def address_problems(pages: Iterable[tuple[str, str]]) -> list[str]:
    """``(origin, uri)`` pairs, origin being a file or a description: one line per address taken twice."""
    taken: dict[str, str] = {}
    problems: list[str] = []
    for origin, uri in pages:
        key = address_key(uri)
        if key in taken:
            problems.append(f"{origin}: page address '{page_address(uri)}' is also the address of {taken[key]}")
        else:
            taken[key] = origin
    return problems


# --- Near-duplicates: the same article with a few words changed ---------------------------------

# Two captures are the same article when this share of their five-word runs is common to both
# (Jaccard similarity of the sets of word 5-grams, "shingles", of their cleaned text). Measured on
# the four seeds: distinct articles share at most 0.09 % (0.0000-0.0009); a seed with one sentence
# reworded keeps 93-96 % (tests/test_duplicates.py measures both). By count, a 100-word article
# with a 25-word sentence reworded would keep about 54 %.
SIMILAR = 0.5
SHINGLE = 5

# Which pairs are compared: those sharing at least one band of a 64-value one-permutation MinHash
# sketch (16 bands of 4 values). Comparing every pair would be 500,000 exact comparisons at 1,000
# sources; with bands, a pair of similarity J becomes a candidate with probability about
# 1 - (1 - J^4)^16 (0.98 at 0.7, 0.9997 at 0.8, 0.0007 at 0.08). Measured on 420 copies of the
# seeds and of the three short test articles (tests/fixtures/extra-sources) with 1-80 random words
# replaced (the hardest case for shingles): every copy at 0.65 or more was found, 47 of 49 near
# 0.6, some between 0.5 and 0.55 were not. Each candidate pair is then compared exactly (its
# shingles as word tuples, not hashes), so nothing is reported that is not at least SIMILAR alike.
# Cost: about 0.6 ms per source for its sketch (made once per source, in either process, and
# cached), about 0.05 s to compare 1,000 sources' sketches.
_BANDS, _ROWS = 16, 4
_BINS = _BANDS * _ROWS
# Each distinct word's CRC-32, made once: words repeat across a corpus (a few tens of thousands).
_WORD_IDS: dict[str, int] = {}


def _words(text: str) -> list[str]:
    """The text's words as the comparison sees them: case folded, split at white space (a word
    keeps the punctuation beside it, alike in both texts)."""
    return text.casefold().split()


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The text's runs of SHINGLE consecutive words."""
    words = _words(text)
    if len(words) < SHINGLE:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(zip(*(words[i:] for i in range(SHINGLE))))


def similarity(a: frozenset, b: frozenset) -> float:
    """Jaccard similarity: shared shingles over all shingles of the two."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def sketch(text: str) -> tuple[int, ...]:
    """A one-permutation MinHash of the text's shingles: per bin (a hash's value modulo the number
    of bins), the smallest hash; ``()`` for no words.

    A shingle's hash is hash() of the tuple of its words' CRC-32s: Python salts the hashes of
    strings per process, but not those of integers or of tuples of them, so the sketch is the same
    in every run and in either process of a build.
    """
    words = _words(text)
    if not words:
        return ()
    if len(_WORD_IDS) > 500_000:
        _WORD_IDS.clear()
    ids = list(map(_WORD_IDS.get, words))
    if None in ids:
        for w in words:
            if w not in _WORD_IDS:
                _WORD_IDS[w] = zlib.crc32(w.encode("utf-8"))
        ids = list(map(_WORD_IDS.get, words))
    hashes = set(map(hash, zip(*(ids[i:] for i in range(SHINGLE))))) or {hash(tuple(ids))}
    bins: list[int | None] = [None] * _BINS
    left = _BINS
    for h in sorted(hashes):  # ascending: a bin's first hash is its smallest
        b = h % _BINS
        if bins[b] is None:
            bins[b] = h
            left -= 1
            if not left:
                break
    if left:
        # A short text leaves bins empty; each takes the value of the next filled bin (circularly)
        # mixed with its distance, so two texts with the same shingles still agree bin for bin and
        # empty bins never make every pair of short texts look alike ("rotation" densification).
        filled = [b for b in range(_BINS) if bins[b] is not None]
        return tuple(
            bins[b] if bins[b] is not None
            else hash((bins[nxt], (nxt - b) % _BINS))
            for b in range(_BINS)
            for nxt in [next((f for f in filled if f > b), filled[0])]
        )
    return tuple(bins)


def near_duplicates(
    texts: Mapping[str, str], sketches: Mapping[str, tuple[int, ...]], known: Iterable[tuple[str, str]] = (),
    added: Iterable[str] = (), compare: Callable[[str, str], float] | None = None,
) -> list[Duplicate]:
    """Pairs of files (``texts``: path -> cleaned text) whose texts are at least SIMILAR alike.

    ``known``: pairs already reported (same text or URL), left out. ``added``: files a pull request
    adds; in a pair, the added one is named ``second`` (the file the problem is reported on).
    ``compare(a, b)``: the similarity of two files' texts (by default computed here; a cache under
    `mkdocs serve` passes one that remembers it, so a rebuild compares only what changed).
    """
    buckets: dict[tuple[int, tuple[int, ...]], list[str]] = {}
    for path in sorted(texts):
        s = sketches[path]
        if s:
            for band in range(_BANDS):
                buckets.setdefault((band, s[band * _ROWS : (band + 1) * _ROWS]), []).append(path)
    candidates = {(a, b) for paths in buckets.values() for i, a in enumerate(paths) for b in paths[i + 1 :]}
    skip = {frozenset(pair) for pair in known}
    newer = set(added)
    sets: dict[str, frozenset] = {}

    def exact(a: str, b: str) -> float:
        for path in (a, b):
            if path not in sets:
                sets[path] = shingles(texts[path])
        return similarity(sets[a], sets[b])

    found = []
    for a, b in sorted(candidates):
        if frozenset((a, b)) in skip:
            continue
        j = (compare or exact)(a, b)
        if j >= SIMILAR:
            first, second = (b, a) if a in newer and b not in newer else (a, b)
            found.append(Duplicate("similar", first, second, f"{int(j * 100)} %"))
    return found
