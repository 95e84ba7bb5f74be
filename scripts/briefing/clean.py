"""Turn a raw web dump into the article's own text, with general rules and a record of every cut."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from itertools import accumulate

from . import chrome, region
from .model import AuthorBox, Cleaned, Footnote, Note, Paragraph, Removed
from .region import stoplist

# Reasons shown in the "What the cleaner removed" note.
PUNCTUATION = "stray punctuation"
URL = "site URL"
TITLE = "title (repeated in the page)"
DATELINE = "date line (publication date is metadata)"
CAPTION = "photo caption or credit"
NEWSLETTER = "newsletter or privacy blurb"
COMMENTS = "comment form"
LABEL = "section label"
TAGLINE = "site tagline"
AUTHOR_BOX = "author box (kept as metadata)"
BYLINE = "byline (kept as metadata)"
DUPLICATE = "duplicate of text kept earlier"
PULL_QUOTE = "pull-quote (repeats body text)"
CAPTION_REPEAT = "photo caption (repeated)"
DROP_CAP = "drop cap (joined to its word)"
ESCAPE_HATCH = "listed in front matter 'drop_lines'"
HEADER = "list heading (the list is kept)"
BEFORE = "before the article (menus, page header)"
AFTER = "after the article (related links, comments, footer)"
BOILERPLATE = "also in another source's capture (the site's boilerplate)"

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A sentence end glued to the next sentence ("Serbia.”.Indeed"): only after a lowercase letter or
# digit, so abbreviations such as "U.S.Army" are left alone.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z0-9])([.!?][”\"’)]*\.?)(?=[A-Z][a-z])")

_WORD = re.compile(r"[^\W_]+(?:['’\-–][^\W_]+)*")
_HAS_ALNUM = re.compile(r"[^\W_]")
_URL_LINE = re.compile(r"^(?:https?://\S+|www\.[\w.-]+\.[a-z]{2,}\S*|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|eu|info|io|rs|ru|ua|co\.uk)/?)$", re.I)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_LINE = re.compile(
    rf"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}"
    rf")(?:\s*[,|·•-]?\s*\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)?$",
    re.I,
)
_CREDIT = re.compile(
    r"(?:\((?:AP|AFP|EPA|Reuters|Getty|Xinhua|TASS|Sputnik|Anadolu|Shutterstock)[^()]*\)\s*$"
    # … or names the agency last, after "via" or a slash: "(NASA via AP, File)", "(… Holden/Invision/AP)".
    r"|\([^()]{0,80}(?:\bvia\s+|/)(?:AP|AFP|EPA|Reuters|Getty Images|Xinhua)(?:,?\s*file)?\)\s*$"
    r"|\b(?:photo|image|picture|illustration)s?\s*(?:by|:|credit|/|©)"
    # A credit that closes a caption, often glued to it: "… a large rodentCredit: The Siberian Times",
    # "… 2019.J. Scott Applewhite / AP file".
    r"|(?-i:Credits?):\s*[^.!?:]{1,60}$"
    r"|[\w.’']\s*/\s*(?:AP|AFP|EPA|Reuters|Getty Images)(?:\s+file)?\s*$"
    r"|\bvia\s+(?:Unsplash|Wikimedia|Getty|Shutterstock|Flickr)\b"
    r"|\bfrom\s+(?:Unsplash|Wikimedia Commons|Pexels|Pixabay|Flickr)\b"
    r"|\b(?:Getty Images|Shutterstock|Unsplash)\s*\.?\s*$"
    r"|^(?:photo|image|credit)s?\s*:)",
    re.I,
)
_NEWSLETTER = re.compile(
    r"^(?:subscribe|sign up|join our|get our|never miss)\b.*\b(?:newsletter|mailing|updates|inbox|email)"
    r"|\bnewsletter\b.*$"
    r"|\bprivacy (?:notice|policy|statement)\b"
    r"|\bunsubscribe\b|\bopt[- ]out\b"
    r"|\bemail address\b.*\b(?:store|analytics|subscribe|newsletter)"
    # What the site mails its readers: "… delivered to your inbox", "Every day we send an email with …".
    r"|\b(?:to|in|into|meet) your inbox\b|\bwe (?:send|email)\b",
    re.I,
)
_COMMENTS_START = re.compile(r"^(?:leave a (?:reply|comment)|post a comment|add a comment|\d+ comments?|comments?)\s*:?$", re.I)
# A heading that opens the comment section, which ends the article: a bare "Comment" is a share
# button beside "Tweet" and "Share", not a section.
_COMMENT_SECTION = re.compile(
    r"^(?:\d[\d,.]*k?\s+)?(?:comments|responses|replies|reactions)\b"
    r"|^(?:leave|post|add|write|submit) a (?:reply|comment|response)"
    r"|^(?:join|start) the (?:discussion|conversation)"
    r"|^(?:show|view|load|read|see)(?: all)?(?: the)? (?:\d[\d,.]*\s+)?comments"
    r"|^(?:top|most) (?:rated|recent|popular|liked) comments"
    r"|^\d[\d,.]*\s+(?:thoughts|responses|replies|comments) (?:on|to)\b"
    r"|^comments?\s*\(\d+\)\s*$|^what do you think\?",
    re.I,
)
# "10 thoughts on “<the article's title>”": the heading quotes the title, so it may be long.
_COMMENTS_ON = re.compile(r"^\d[\d,.]*\s+(?:thoughts|responses|replies|comments) (?:on|to) [“\"‘']")
_COMMENT_FORM = re.compile(
    r"commenting using your|click an icon to log in|^connecting to %s$|log\s*out\s*/\s*change"
    r"|^notify me of (?:new|follow-up)|^(?:google|twitter|facebook|wordpress(?:\.com)?|linkedin)\s+(?:photo|picture|logo|account)$"
    r"|^(?:your email address will not be published|required fields are marked)",
    re.I,
)
_AUTHOR_HEADING = re.compile(r"^(?:about(?: the)?(?: authors?)?|authors?|written by|the authors?)\s*:?$", re.I)
_BYLINE = re.compile(r"^by\s+([A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})$")
_DISCLAIMER = re.compile(
    # … what someone thinks or stands for: "does not reflect the nation as a whole" is a statement.
    r"\bdo(?:es)? not (?:necessarily )?(?:represent|reflect)\s+(?:those\b|(?:the|any|an?)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:views?|opinions?|positions?|polic(?:y|ies)|stance|official)\b)"
    r"|\bdoes not take (?:collective|institutional) positions?\b"
    r"|\bonly represent the views\b"
    r"|\bviews (?:expressed|presented) (?:in|here)\b.*\b(?:own|author)",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:fellow|director|editor|researcher|analyst|professor|lecturer|correspondent|journalist|"
    r"head|chair|associate|senior|junior|manager|coordinator|officer|advisor|adviser|contributor|"
    r"intern|president|scholar|expert|writer|reporter|columnist)\b",
    re.I,
)
_BIO = re.compile(
    r"^(?:[A-Z][\w.’'-]+\s+){1,3}[A-Z][\w.’'-]+\s+(?:\([^()\s]+@[^()\s]+\)\s+)?is\s+(?:a|an|the)\s+[^.]*\b(?i:correspondent|journalist|fellow|"
    r"researcher|analyst|professor|editor|writer|director|author|lecturer|scholar|reporter|student|expert)\b"
)
# The source line under an embedded post: "— Name (@handle) November 19, 2019".
_POST_SOURCE = re.compile(rf"^[—–-]\s*[^()]{{1,80}}\(@\w{{1,30}}\)\s*(?:(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}})$", re.I)
_FOOTNOTE_DEF = re.compile(r"^\[(\d{1,3})\]\s*(\S.*)$")
# A reference to the study an article reports, on one line: "More information: A. Name et al. <title>, <journal> (2019)".
_REFERENCE = re.compile(r"^(?:more information|journal reference|references?|original (?:study|paper|article))\s*:\s+\S", re.I)
_FURTHER = re.compile(r"^(?:further|recommended|suggested|additional)\s+readings?\s*:?$", re.I)
_CONNECTOR = frozenset("a an and at by de for from in of on or the to vs with".split())
# A sentence end: one of these, then any closing quotes or brackets, at the end of the line.
_ENDS = ".!?…"
_CLOSERS = "'\"”’)]"
_SENTENCE = re.compile(r"[.!?…]['\"”’)\]]*(?:\s|$)")

# Cheap substring triggers: a costly case-insensitive rule runs only on a line holding one of them,
# looked for in the line's comparison key (case-folded, as re.IGNORECASE folds "ſ" to "s"; quotes,
# dashes and spacing folded, which no trigger holds).
# An agency credit ("… (AP)") ends its line with ")": that is its trigger, not "(" (which body
# text is full of); one after a slash ("… / AP file") holds "/".
_CREDIT_HINTS = ("photo", "image", "picture", "illustration", "credit", "unsplash", "wikimedia", "getty",
                 "shutterstock", "flickr", "pexels", "pixabay")
# Each rule's hints are what every line it matches must hold, branch by branch, and no more: a hint
# that common words hold ("opt" in "adopted", "account", "views", "positions") sent a line in ten to
# a search that tries every position. ("positions" also missed "does not take … position".)
_NEWSLETTER_HINTS = ("subscribe", "sign up", "join our", "get our", "never miss", "newsletter", "privacy", "opt-out",
                     "opt out", "email address", "your inbox", "we send", "we email")
_COMMENT_HINTS = ("comment", "log in", "connecting to", "log out", "logout", "notify me", "google", "twitter", "facebook",
                  "wordpress", "linkedin", "email address", "required fields")
_DISCLAIMER_HINTS = ("not represent", "not reflect", "not necessarily", "does not take", "represent the views",
                     "views expressed", "views presented")


def _hints(key: str, hints: tuple[str, ...]) -> bool:
    for h in hints:
        if h in key:
            return True
    return False


STANDFIRST_MAX_CHARS = 350
STANDFIRST_MAX_SENTENCES = 2
SHORT_LINE_WORDS = 12
# Page chrome is short; a longer line is body text (or a footnote), so the chrome rules skip it.
CHROME_MAX_CHARS = 800
PULL_QUOTE_MIN_WORDS = 6
# A kept paragraph of at most this many words, no sentence, is listed among the doubts.
DOUBT_MAX_WORDS = 4
# A line of fewer words is a subheading or a label, not a link to another article.
LINK_MIN_WORDS = 4
# Lines built alike, this many in a row, are a list or a table.
LIST_MIN_ROWS = 3


def normalize(text: str) -> str:
    """Repair typography only: spaces, invisible characters, glued sentences. Words are untouched."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Most lines hold no invisible, control or odd space character (str.isprintable is false for all
    # of them), so the three passes that remove them run only where one is.
    if not text.isprintable():
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub(" ", text)
        text = _SPACES.sub(" ", text)
    elif "  " in text:
        text = _SPACES.sub(" ", text)
    return _GLUED_SENTENCE.sub(r"\1 ", text.strip())


def _key(text: str) -> str:
    """A comparison key: case, quotes, dashes and spacing folded."""
    return " ".join(_folded(text).split())


def _folded(text: str) -> str:
    """Case, quotes and dashes folded (chained replace: str.translate with a dict is several times
    slower on long lines, and this runs on every line)."""
    text = text.casefold()
    if not text.isascii():
        for a, b in _FOLD:
            text = text.replace(a, b)
    return text


_FOLD = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("\u00a0", " "))
# The only whitespace (str.split's) that a normalized line can still hold: normalize() makes the
# others a space or removes them, and the rest break lines.
_SPACES_LEFT = ("\u1680", "\u205f")


def _line_keys(texts: list[str]) -> list[str]:
    """``[_key(t) for t in texts]`` for normalized lines (as _lines gives them: single spaces, no
    outer whitespace, no line break), folded all at once; then only lines holding whitespace that
    normalize() leaves need their spacing folded."""
    if not texts:
        return []
    text = _folded("\n".join(texts))
    keys = text.split("\n")
    if any(c in text for c in _SPACES_LEFT):
        return [" ".join(k.split()) for k in keys]
    return keys


def line_keys(raw: str) -> frozenset[str]:
    """The comparison keys of a capture's lines, to find the lines that several captures hold."""
    return frozenset(_line_keys([ln.text for ln in _lines(raw) if ln is not None]))


def corpus_lines(line_keys_of: dict[str, frozenset[str]], among: frozenset[str] | None = None) -> frozenset[str]:
    """The line keys that two or more captures hold (``line_keys_of``: each capture's line_keys),
    looked for among ``among`` only when given (a set intersection per capture, not every line)."""
    counts = Counter(k for keys in line_keys_of.values() for k in (keys if among is None else keys & among))
    return frozenset(k for k, n in counts.items() if n > 1)


def corpus_kept(cleaned: Cleaned) -> frozenset[str]:
    """The keys of the kept lines that may be the site's boilerplate (see _may_be_boilerplate):
    those other captures hold too are what ``clean(..., shared=...)`` removes."""
    kept = [p.text for p in cleaned.paragraphs] + ([cleaned.standfirst] if cleaned.standfirst else [])
    return frozenset(_key(t) for t in kept if _may_be_boilerplate(t))


# A paragraph of this many sentences that another capture holds whole is a blurb, not a quote.
BLURB_MIN_SENTENCES = 3


def _may_be_boilerplate(text: str) -> bool:
    """A line that, found in another source's capture too, is the site's boilerplate: a short
    line (a tagline, a menu entry, a section name) or a paragraph of several sentences (the
    publisher's "About us" blurb, a standing note). A single sentence stays, shared or not: two
    articles may quote the same statement."""
    return _short_words(text) is not None or _sentences(text) >= BLURB_MIN_SENTENCES


# Why a kept line is in doubt, as check lists it.
DOUBT_SHORT = "is short and not a sentence (a label or a button? list it in drop_lines)"
DOUBT_LINK = "reads like another article's headline (a link? list it in drop_lines)"
DOUBT_SHARED = "is also in another source's capture (a quote both cite, or the site's boilerplate?)"
DOUBT_STANDFIRST = (
    "shows under the title and no topic page quotes it (if it is the article's first paragraph, "
    "report a cleaning mistake)"
)


def doubts(cleaned: Cleaned, elsewhere: Collection[str] = frozenset()) -> list[tuple[str, str, str]]:
    """The kept lines the cleaner is least sure of, as (where, text, why): short lines, lines that
    read like links, lines other captures hold too (``elsewhere``), and the standfirst it chose, so
    a reviewer reads a handful of lines rather than the whole page."""
    stop = stoplist()
    out = []
    if cleaned.standfirst:
        out.append(("the standfirst", cleaned.standfirst, DOUBT_STANDFIRST))
    for p in cleaned.paragraphs:
        where = f"¶ {p.n}" if p.kind == "paragraph" else "a heading"
        tokens = p.text.split()
        if _key(p.text) in elsewhere:
            out.append((where, p.text, DOUBT_SHARED))
        elif p.kind == "paragraph" and _short_words(p.text) is not None and len(tokens) <= DOUBT_MAX_WORDS:
            out.append((where, p.text, DOUBT_SHORT))
        elif p.kind == "paragraph" and _link_like(p.text, stop):
            out.append((where, p.text, DOUBT_LINK))
    return out


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _short_words(text: str) -> list[str] | None:
    """The words of a short line (few words, no sentence end), or None for any other line."""
    if len(text) > 40 * SHORT_LINE_WORDS:  # cannot be that few words; skip the word count
        return None
    last = text[-1:]  # first: most lines are sentences, and this is cheaper than counting words
    if last in _CLOSERS:
        last = text.rstrip(_CLOSERS)[-1:]
    if last and last in _ENDS:
        return None
    words = _words(text)
    return words if len(words) <= SHORT_LINE_WORDS else None


def _title_case(words: list[str]) -> bool:
    if not words or len(words) > SHORT_LINE_WORDS:
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTOR for w in words)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not _ROLE.search(text)


def _sentences(text: str) -> int:
    return len(_SENTENCE.findall(text)) or 1


@dataclass
class _Line:
    number: int  # 1-based line in the raw dump
    text: str


# What normalize() does to each line, done once on the whole text (lines joined by "\n"): no rule
# matches a line break and line breaks never compose (NFC), so every line comes out as normalize()
# makes it. Every invisible, control and odd space character is found at once (single spaces, the
# most common, are left out): invisible ones go, the others become spaces, and runs of spaces fold.
_INVISIBLE_CHARS = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_ODD = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f\t\u00a0\u2007\u202f\u2000-\u200a\u3000]")
_RUN_OF_SPACES = re.compile(" {2,}")
# Every _GLUED_SENTENCE match holds one of these (its look-behind dropped), which a plain search
# finds ~5x faster; one expression per first character, because a search that opens with a literal
# skips to it, where one that opens with a class tests the class on every character (4x slower).
_MAYBE_GLUED = tuple((end, re.compile(re.escape(end) + r"[”\"’)]*\.?[A-Z][a-z]")) for end in ".!?")


def _maybe_glued(text: str) -> bool:
    return any(end in text and glued.search(text) is not None for end, glued in _MAYBE_GLUED)


def _odd(m: re.Match[str]) -> str:
    return "" if m.group() in _INVISIBLE_CHARS else " "


def _normalize_lines(lines: list[str]) -> list[str]:
    """``[normalize(x) for x in lines]`` for lines that hold no line break, as splitlines() gives them."""
    if not lines:
        return []
    text = "\n".join(lines)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # The no-break space, by far the most common of them, is replaced without a scan by re; every
    # other one is non-printable (as are line breaks), so most texts need no re scan at all.
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if not text.replace("\n", "").isprintable():
        text = _ODD.sub(_odd, text)
    if "  " in text:
        text = _RUN_OF_SPACES.sub(" ", text)
    if _maybe_glued(text):
        text = _GLUED_SENTENCE.sub(r"\1 ", text)  # strip() first or not: the rule never touches the ends
    return [line.strip() for line in text.split("\n")]


def _lines(raw: str) -> list[_Line | None]:
    """Normalized non-empty lines; ``None`` marks a run of blank lines."""
    out: list[_Line | None] = []
    for number, text in enumerate(_normalize_lines(raw.splitlines()), start=1):
        if text:
            out.append(_Line(number, text))
        elif out and out[-1] is not None:
            out.append(None)
    return out


@dataclass(frozen=True)
class _Rules:
    """What the rules need to know about the whole article."""

    title_key: str | None
    drop_keys: set[str]
    author_keys: set[str]


# A line's class: kind, reason, the state after it, and a name or role it adds to the author box.
_Class = tuple[str, str, str, "str | None", "str | None"]


def _classify(text: str, k: str, state: str, before_title: bool, rules: _Rules, box_names: list[str]) -> _Class:
    """Classify one line (``k``: its comparison key) in ``state``; ``box_names``: the author box's
    names so far (read only in the author box). The first rule that holds decides."""
    words = _short_words(text)  # None unless a short line
    short = words is not None
    if k in rules.drop_keys:
        return "removed", ESCAPE_HATCH, state, None, None
    if len(text) > CHROME_MAX_CHARS:
        if _FOOTNOTE_DEF.match(text):
            return "footnote", "", "footnotes", None, None
        return "body", "", "body", None, None
    if not _HAS_ALNUM.search(text):
        return "removed", PUNCTUATION, state, None, None
    if rules.title_key and k == rules.title_key:
        return "removed", TITLE, "body", None, None
    if _URL_LINE.match(text):
        return "removed", URL, state, None, None
    if _DATE_LINE.match(text):
        return "removed", DATELINE, state, None, None
    if len(text) < 600 and (text[-1] == ")" or "/" in text or _hints(k, _CREDIT_HINTS)) and _CREDIT.search(text):
        return "removed", CAPTION, state, None, None
    if len(text) < 400 and _hints(k, _NEWSLETTER_HINTS) and _NEWSLETTER.search(text):
        return "removed", NEWSLETTER, state, None, None
    if _COMMENTS_START.match(text) or (_hints(k, _COMMENT_HINTS) and _COMMENT_FORM.search(text)):
        return "removed", COMMENTS, "comments", None, None
    if state == "comments" and short:
        return "removed", COMMENTS, state, None, None
    if _AUTHOR_HEADING.match(text):
        return "removed", AUTHOR_BOX, "author-box", None, None
    if (m := _BYLINE.match(text)) is not None:
        return "removed", BYLINE, state, m.group(1), None
    if state == "author-box" and short and (k in rules.author_keys or _looks_like_name(text)):
        return "removed", AUTHOR_BOX, state, text, None
    if state == "author-box" and short and _ROLE.search(text):
        return "removed", AUTHOR_BOX, state, None, text
    if _hints(k, _DISCLAIMER_HINTS) and _DISCLAIMER.search(text):
        return "disclaimer", "", state, None, None
    if _BIO.match(text) or (state == "author-box" and any(_key(n) in k for n in box_names) and " is " in text):
        return "bio", "", state, None, None
    if _FURTHER.match(text):
        return "removed", HEADER, "further", None, None
    if _REFERENCE.match(text):
        return "further", "", state, None, None
    if state != "further" and (why := chrome.reason(text)) is not None:
        return "removed", why, state, None, None
    if _FOOTNOTE_DEF.match(text) is not None:
        return "footnote", "", "footnotes", None, None
    if state == "further":
        return "further", "", state, None, None
    if before_title and short and _title_case(words):  # type: ignore[arg-type]
        return "removed", LABEL, state, None, None
    if short and text[0].islower():
        return "removed", TAGLINE, state, None, None
    if short and _title_case(words) and len(words) >= 2:  # type: ignore[arg-type]
        return "heading", "", state, None, None
    return "body", "", state, None, None


def clean(
    raw: str,
    title: str | None = None,
    authors: tuple[str, ...] = (),
    drop_lines: tuple[str, ...] = (),
    shared: frozenset[str] = frozenset(),
) -> Cleaned:
    """Clean one raw dump. ``title``, ``authors`` and ``drop_lines`` come from the front matter;
    ``shared``: the comparison keys (see line_keys) of lines that other sources' captures hold too."""
    removed: list[Removed] = []
    lines = _join_drop_caps(_lines(raw), removed)
    keys = _line_keys([ln.text for ln in lines])
    title_key = _key(title) if title else None
    titles = [i for i, k in enumerate(keys) if title_key and k == title_key]
    title_index = titles[0] if titles else None
    drop_keys = {_key(d) for d in drop_lines}
    author_keys = {_key(a) for a in authors}

    # First pass: classify every line by itself and the state the lines before it left.
    kinds: list[tuple[str, str]] = []  # (kind, reason) per line; kind in body/heading/footnote/...
    state = "body"
    box_names: list[str] = []
    box_roles: list[str] = []
    rules = _Rules(title_key, drop_keys, author_keys)
    comments_at: list[int] = []  # where a comment section opens
    blurbs: list[int] = []  # long lines another capture holds too
    # A line the capture repeats (seed 001 holds its whole article twice) is classified once for
    # each state it comes in: the rules read only the line, the state and whether the title is yet
    # to come; in an author box, also the names found so far, so those lines are classified anew.
    classified: dict[tuple[str, str, bool], _Class] = {}
    for i, ln in enumerate(lines):
        text, k = ln.text, keys[i]
        before_title = title_index is not None and i < title_index
        if state == "author-box":
            got = _classify(text, k, state, before_title, rules, box_names)
        else:
            got = classified.get((text, state, before_title))
            if got is None:
                got = classified[(text, state, before_title)] = _classify(text, k, state, before_title, rules, box_names)
        before = state
        kind, reason, state, name, role = got
        # "Comments" in a row of share buttons is one of them (a link to the comments), not the
        # comment section's heading: the lines under it are not comments.
        if reason == COMMENTS and kinds and kinds[-1][1] == chrome.SHARE and chrome.share_button(text):
            reason, state = chrome.SHARE, before
        # A lower-case line right under a kept line that stops mid-sentence ("… when it comes to"),
        # with no blank line between, is the rest of that sentence (a paragraph broken across
        # lines), not a tagline.
        if reason == TAGLINE and i and kinds[-1][0] == "body" and lines[i - 1].number == ln.number - 1:
            if lines[i - 1].text.rsplit(None, 1)[-1] in _CONNECTOR:
                kind, reason = "body", ""
        if name is not None:
            box_names.append(name)
        if role is not None:
            box_roles.append(role)
        if (len(text) < 80 and _COMMENT_SECTION.match(text)) or (len(text) < 400 and _COMMENTS_ON.match(text)):
            comments_at.append(i)
        if kind not in ("removed",) and state in ("author-box", "comments") and kind not in ("bio", "disclaimer"):
            state = "body"
        if k in shared and kind in ("body", "heading") and _may_be_boilerplate(text):
            if _short_words(text) is not None:
                kind, reason = "removed", BOILERPLATE
            else:
                blurbs.append(i)
        kinds.append((kind, reason))
    _shared_blurbs(lines, kinds, blurbs)

    _link_lists(lines, keys, kinds)

    # Second pass: a kept line that repeats part of a longer line is a pull-quote or caption copy.
    # The first such longer line is found by searching all keys at once (a key holds no line break).
    everything = "\n".join(keys)
    starts = list(accumulate((len(k) + 1 for k in keys[:-1]), initial=0))
    for i, ln in enumerate(lines):
        kind, _ = kinds[i]
        if kind not in ("body", "heading") or len(ln.text.split(None, PULL_QUOTE_MIN_WORDS - 1)) < PULL_QUOTE_MIN_WORDS:
            continue
        key = keys[i]
        at = everything.find(key)
        while at != -1:
            j = bisect_right(starts, at) - 1
            # The longer line is body text (a pull-quote repeats it) or a caption (a shorter copy).
            if j != i and len(keys[j]) > len(key) and (kinds[j][0] != "removed" or kinds[j][1] == CAPTION):
                kinds[i] = ("removed", CAPTION_REPEAT if kinds[j][1] == CAPTION else PULL_QUOTE)
                break
            at = everything.find(key, starts[j] + len(keys[j]) + 1)  # on from the next line

    # Third pass: the article is the densest run of prose after the title; what lies outside it is
    # page chrome, except what belongs to the article after its end (footnotes, further reading,
    # an author's bio, a disclaimer).
    under_title = _under_title(kinds)
    _outside_article(lines, keys, kinds, titles, comments_at)

    # Fourth pass: a repeated line is kept once; the first prose line right under the title (before
    # any byline), when it is short, is the standfirst.
    seen: set[str] = set()
    standfirst_open = False
    for i, ln in enumerate(lines):
        kind, reason = kinds[i]
        if i == title_index:
            standfirst_open = True
            continue
        if kind in ("body", "heading", "bio", "disclaimer", "footnote", "further"):
            if keys[i] in seen:
                kind, reason = "removed", DUPLICATE
            else:
                seen.add(keys[i])
        if kind == "body" and standfirst_open:
            standfirst_open = False
            if (
                len(ln.text) <= STANDFIRST_MAX_CHARS
                and _sentences(ln.text) <= STANDFIRST_MAX_SENTENCES
                # A line the capture also holds away from a title is body text shown twice.
                and all(under_title[j] for j, k in enumerate(keys) if k == keys[i])
            ):
                kind = "standfirst"
        elif kind != "removed" or reason in (BYLINE, chrome.BYLINE):
            # A standfirst stands between the headline and the byline: after the byline, the body.
            standfirst_open = False
        kinds[i] = (kind, reason)

    return _assemble(lines, kinds, removed, AuthorBox(tuple(_unique(box_names)), tuple(_unique(box_roles))))


def _shared_blurbs(lines: list[_Line], kinds: list[tuple[str, str]], blurbs: list[int]) -> None:
    """Paragraphs another capture holds whole are the publisher's blurb when they are a small
    part of the article; when they are most of it, the two captures are one story published twice
    (which check reports), and the text stays."""
    if not blurbs:
        return
    shared = sum(len(lines[i].text.split()) for i in blurbs)
    own = sum(len(ln.text.split()) for ln, (kind, _) in zip(lines, kinds) if kind in ("body", "heading")) - shared
    if shared < own:
        for i in blurbs:
            kinds[i] = ("removed", BOILERPLATE)


# A list of links ends at the title (the article starts) and at a share bar, byline or date line
# (which stand around an article, never inside a list of links).
_LIST_ENDS = frozenset((TITLE, chrome.SHARE, chrome.BYLINE, chrome.DATELINE, BYLINE, DATELINE))


def _link_lists(lines: list[_Line], keys: list[str], kinds: list[tuple[str, str]]) -> None:
    """Under a "Related" or "Most read" heading, every line is a link or a link's teaser (a
    headline's sentence or two) until the article resumes: a paragraph longer than a teaser, or
    two lines of prose in a row (teasers alternate with their headlines).

    Links name other articles, each once: a list in which a short line comes back (the same
    button or the same label under each item, as a buying guide's product cards end) is the
    article's own list of items, which its heading ("Don't miss:") opened, and it stays."""
    stop = stoplist()
    kept = [i for i, (kind, why) in enumerate(kinds) if kind != "removed" or why == chrome.LINK_LIST or why in _LIST_ENDS]
    heading: int | None = None
    items: list[int] = []

    def close() -> None:
        # Only a line too short to be a headline counts: a card shows another article's headline
        # twice (over its picture and as its link).
        seen: set[str] = set()
        buttons = [keys[i] for i in items if len(lines[i].text.split()) < LINK_MIN_WORDS]
        if any(k in seen or seen.add(k) for k in buttons):  # type: ignore[func-returns-value]
            if heading is not None:
                kinds[heading] = ("body", "")
            return
        for i in items:
            kinds[i] = ("removed", chrome.LINK_LIST)

    for n, i in enumerate(kept):
        if kinds[i][1] == chrome.LINK_LIST:
            close()
            heading, items = i, []
            continue
        if heading is None:
            continue
        text = lines[i].text
        if (
            kinds[i][1] in _LIST_ENDS
            or (text.endswith(":") and len(text.split()) >= LINK_MIN_WORDS)  # the article's own list opens
        ):
            close()
            heading, items = None, []
            continue
        if region.is_prose(text, stop) or region.short_sentence(text, text.split(), stop):
            nxt = kept[n + 1] if n + 1 < len(kept) else None
            if len(text.split()) > chrome.TEASER_MAX_WORDS or (
                nxt is not None and kinds[nxt][0] != "removed" and not _link_like(lines[nxt].text, stop)
            ):
                close()
                heading, items = None, []
                continue
        items.append(i)
    close()


def _link_like(text: str, stop: frozenset[str]) -> bool:
    """A headline in a list of links: a few words, not a sentence."""
    return len(text.split()) >= LINK_MIN_WORDS and not region.is_prose(text, stop) and not region.short_sentence(text, text.split(), stop)


def _under_title(kinds: list[tuple[str, str]]) -> list[bool]:
    """Whether each line comes right under a title line, with only removed lines between."""
    out: list[bool] = []
    last_kept_was_title = False
    for kind, reason in kinds:
        out.append(last_kept_was_title)
        if reason == TITLE:
            last_kept_was_title = True
        elif kind != "removed":
            last_kept_was_title = False
    return out


# Chrome that stands at a page's edges, around the article, and rarely inside it: the run pays more
# to cross it.
_EDGE = frozenset((
    chrome.SHARE, chrome.BYLINE, chrome.DATELINE, chrome.COPYRIGHT, NEWSLETTER, COMMENTS,
    AUTHOR_BOX, BYLINE, DATELINE, URL, TAGLINE,
))


# Kinds that belong to the article even after its last paragraph.
_AFTER_ARTICLE = frozenset(("footnote", "further", "bio", "disclaimer"))


def _outside_article(
    lines: list[_Line], keys: list[str], kinds: list[tuple[str, str]], titles: list[int], comments_at: list[int]
) -> None:
    """Mark the lines outside the article run as removed, with where they lie."""
    if not lines:
        return
    stop = stoplist()
    # Footnotes, a bio or a disclaimer are the article's but not its prose: they neither extend the
    # run nor break it; nor does a pull-quote, which repeats the article's own words inside it.
    weights: list[float] = []
    prose: list[int] = []  # the prose lines under the title
    judged: dict[str, tuple[float, bool]] = {}
    after = titles[0] + 1 if titles else 0
    for i, (ln, (kind, reason)) in enumerate(zip(lines, kinds)):
        if kind in _AFTER_ARTICLE or reason == PULL_QUOTE:
            weights.append(0.0)
        elif kind == "removed":
            weights.append(region.chrome_cost(reason in _EDGE))
        elif _POST_SOURCE.match(ln.text):
            # An embedded post (a tweet) quoted by the article: its source line vouches for the
            # post's text above it, as prose would.
            weights.append(float(len(ln.text.split())))
        else:
            got = judged.get(ln.text) or judged.setdefault(ln.text, region.judge(ln.text, stop))
            weights.append(got[0])
            if got[1] and i >= after:
                prose.append(i)
    _lists_count(lines, kinds, weights)
    _short_runs_cost(lines, kinds, weights)
    # A comment heading the page shows again further down is a link that jumps to the section (in a
    # share bar, or between two paragraphs), not the section's edge: the section opens where its
    # heading is shown last.
    last_shown = {keys[c]: c for c in comments_at}
    for c in comments_at:
        if last_shown[keys[c]] != c and kinds[c][0] == "removed":
            weights[c] = region.chrome_cost(False)
    # The article opens at the first prose under the title. When the title is not in the capture,
    # or what follows it is a small part of the page's prose (a title that names another piece of
    # the page), the densest run of the whole capture is the article.
    # Nothing after a comment section's heading can be the article (a comment count or a "Leave
    # a reply" link by the byline is no such heading: the section follows the article's paragraphs).
    opening = prose[1] if len(prose) > 1 else len(lines)
    end = next((c for c in comments_at if c > opening and last_shown[keys[c]] == c), len(lines))
    # Where each line's text stood before: a line shown twice adds to a run only once.
    last_seen: dict[str, int] = {}
    earlier: list[int] = []
    for i, k in enumerate(keys):
        earlier.append(last_seen.get(k, -1))
        last_seen[k] = i
    best = region.densest_run(weights, 0, end, earlier)
    anchored = [region.run_from(weights, t + 1, end, earlier) for t in titles if t < end]
    if anchored:
        run = max(anchored, key=lambda r: r[0])
        if run[0] * region.TITLE_RUN_SHARE >= best[0]:
            best = run
    _, first, last = best
    if last < first:  # no prose at all: keep what the line rules kept
        return
    opened = max((t for t in titles if t < first), default=None)
    if opened is None:
        # The title comes only after the article (it names another piece of the page): the short
        # title-case lines before it are no menu above the article; inside the article they are
        # its subheadings.
        for i in range(first, last + 1):
            if kinds[i][1] == LABEL:
                kinds[i] = ("heading", "")
    outside: list[int] = []
    for i in range(len(lines)):
        kind = kinds[i][0]
        if kind == "removed" or first <= i <= last:
            continue
        if i > last and kind in _AFTER_ARTICLE:
            continue
        if opened is not None and opened < i < first and kind == "body" and _standfirst_like(lines, kinds, opened, i):
            continue
        outside.append(i)
    leaving = set(outside)
    kept = {keys[i] for i in range(len(lines)) if kinds[i][0] != "removed" and i not in leaving}
    for i in outside:
        if keys[i] in kept:  # the article's own text, shown twice by the page
            kinds[i] = ("removed", DUPLICATE)
        else:
            kinds[i] = ("removed", BEFORE if i < first else AFTER)


def _standfirst_like(lines: list[_Line], kinds: list[tuple[str, str]], title: int, i: int) -> bool:
    """The first kept line under the title, a sentence or two of prose."""
    if any(kinds[j][0] != "removed" for j in range(title + 1, i)):
        return False
    text = lines[i].text
    return (
        len(text) <= STANDFIRST_MAX_CHARS
        and _sentences(text) <= STANDFIRST_MAX_SENTENCES
        and text[-1:] in _ENDS + _CLOSERS
        and region.is_prose(text, stoplist(), names=True)
    )


_SEPARATORS = re.compile(r"\t| [-–—]{1,2} | @ | \| |: |\(|\)")
_FIRST_TOKEN = re.compile(rf"^(?:(?P<month>(?:{_MONTHS})\.?\b)|(?P<number>[\d$£€]))", re.I)


def _shape(text: str) -> tuple[str, str] | None:
    """How a row of a list or table is built: what it opens with and its first separator."""
    sep = _SEPARATORS.search(text)
    if sep is None:
        return None
    m = _FIRST_TOKEN.match(text)
    return (m.lastgroup if m else "word", sep.group().strip() or sep.group())


def _lists_count(lines: list[_Line], kinds: list[tuple[str, str]], weights: list[float]) -> None:
    """Items of a list count for the article, not against it: the lines that a line ending in a
    colon opens, and runs of lines built alike (a table's rows, a list of dates and places)."""
    # Only a kept line that is not prose can be a row (prose counts for the article already).
    shapes = [_shape(ln.text) if w < 0 and kind != "removed" else None for ln, w, (kind, _) in zip(lines, weights, kinds)]
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and shapes[i] is not None and shapes[j + 1] == shapes[i]:
            j += 1
        if j - i + 1 >= LIST_MIN_ROWS:
            for x in range(i, j + 1):
                weights[x] = region.LIST_ITEM_WORTH
        i = j + 1
    # The list a colon opens goes on across the chrome its items carry (a disclosure or a button
    # under each product of a buying guide: those lines keep their cost) and ends at prose, at
    # another colon, or at chrome that stands at a page's edges (a share bar, a byline, a footer's
    # lines, another list's heading), which no list inside an article holds.
    opened = False
    for i, ln in enumerate(lines):
        if kinds[i][0] == "removed" and kinds[i][1] not in _EDGE and kinds[i][1] != chrome.LINK_LIST:
            continue
        if kinds[i][0] == "removed" or weights[i] > 0 or ln.text.endswith(":"):
            opened = kinds[i][0] != "removed" and ln.text.endswith(":")
            if opened and weights[i] < 0:
                weights[i] = region.LIST_ITEM_WORTH
            continue
        if opened:
            weights[i] = region.LIST_ITEM_WORTH


# Short capitalised lines, this many in a row, are a menu or a list of names (a site's staff, its
# sections); an article's subheadings stand one at a time between its paragraphs.
SHORT_RUN_MIN_LINES = 5
SHORT_RUN_MAX_WORDS = 4


def _short_runs_cost(lines: list[_Line], kinds: list[tuple[str, str]], weights: list[float]) -> None:
    """Each line of a run of short capitalised lines with no sentence end costs the article run
    what a headline does, not what a lone short line does (the items of a list the article opens
    count for it already, and are left alone)."""

    def short(i: int) -> bool:
        text = lines[i].text
        return (
            kinds[i][0] != "removed"
            and weights[i] < 0
            and text[:1].isupper()
            and text[-1:] not in _ENDS
            and len(text.split(None, SHORT_RUN_MAX_WORDS)) <= SHORT_RUN_MAX_WORDS
        )

    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and short(j):
            j += 1
        if j - i >= SHORT_RUN_MIN_LINES:
            for x in range(i, j):
                weights[x] = -region.HEADLINE_COST
        i = max(j, i + 1)


def _join_drop_caps(lines: list[_Line | None], removed: list[Removed]) -> list[_Line]:
    """Rejoin a lone capital letter with the lowercase rest of its word on the next text line."""
    out: list[_Line] = []
    items = lines
    i = 0
    while i < len(items):
        ln = items[i]
        if ln is None:
            i += 1
            continue
        nxt_index = i + 1
        while nxt_index < len(items) and items[nxt_index] is None:
            nxt_index += 1
        nxt = items[nxt_index] if nxt_index < len(items) else None
        if len(ln.text) == 1 and ln.text.isupper() and nxt is not None and nxt.text[:1].islower():
            removed.append(Removed(ln.number, ln.text, DROP_CAP))
            out.append(_Line(nxt.number, ln.text + nxt.text))
            i = nxt_index + 1
            continue
        out.append(ln)
        i += 1
    return out


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (_key(x) in seen or seen.add(_key(x)))]


def _assemble(lines: list[_Line], kinds: list[tuple[str, str]], removed: list[Removed], box: AuthorBox) -> Cleaned:
    paragraphs: list[Paragraph] = []
    footnotes: list[Footnote] = []
    further: list[str] = []
    notes: list[Note] = []
    standfirst: str | None = None
    n = 0
    for ln, (kind, reason) in zip(lines, kinds):
        if kind == "removed":
            removed.append(Removed(ln.number, ln.text, reason))
        elif kind == "standfirst":
            standfirst = ln.text
        elif kind == "heading":
            paragraphs.append(Paragraph(0, ln.text, "heading"))
        elif kind == "footnote":
            m = _FOOTNOTE_DEF.match(ln.text)
            assert m is not None
            footnotes.append(Footnote(m.group(1), m.group(2)))
        elif kind == "further":
            further.append(ln.text)
        elif kind in ("bio", "disclaimer"):
            notes.append(Note(kind, ln.text))
        else:
            n += 1
            paragraphs.append(Paragraph(n, ln.text))
    removed.sort(key=lambda r: r.line)
    return Cleaned(
        standfirst=standfirst,
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes),
        further_reading=tuple(further),
        notes=tuple(notes),
        author_box=box,
        removed=tuple(removed),
    )
