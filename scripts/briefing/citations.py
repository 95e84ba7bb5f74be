"""Ready citations for a source: Chicago and APA references, BibTeX, RIS, CSL-JSON and citation_* meta tags."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from .model import Citation, Meta, PartialDate

_MONTHS = (
    "January February March April May June July August September October November December"
).split()

# BibTeX specials; braces in values are escaped so a title cannot close the field early.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}

# Lower-case words that belong to a family name ("Charles de Gaulle" files under "de Gaulle"), as in
# BibTeX's own "First von Last" reading of a name.
_PARTICLES = frozenset("al bin da das de del della den der di dos du ibn la le ten ter van von".split())
# Words a person's name does not hold but an organisation's does ("Council on Foreign Relations").
_CONNECTIVES = frozenset("and for in of on the".split())
# Words that name an institution, a desk or a team, never a person ("Human Rights Watch",
# "International Crisis Group", "Reuters Staff"). A word that is also a family name a reader may
# meet is left out, because a person named by it would be cited as an organisation: "Service"
# (Robert Service, a historian of Russia), "Post", "Church", "Bank", "House", "Hall", "Court",
# "Mission". "Press" and "Staff" are family names too rare to weigh against "Associated Press" and
# "Reuters Staff"; such a person is written "Family, Given", which is always read as a person.
_INSTITUTION_WORDS = frozenset(
    """agency alliance assembly association authority board bureau center centre coalition commission
    committee council department desk editors embassy federation forum foundation government group
    initiative institute institution international ministry network news newsroom observatory office
    organisation organization parliament partnership press program programme project reporters
    secretariat services society staff team union university watch""".split()
)

STYLES = (("chicago", "Chicago"), ("apa", "APA"))  # (key, label), the first is shown first


@dataclass(frozen=True)
class Name:
    """An author as the styles need it: a person's family and given names, or an organisation."""

    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation's name, never split or inverted

    @property
    def direct(self) -> str:
        return self.literal or " ".join(x for x in (self.given, self.family) if x)

    @property
    def inverted(self) -> str:
        return self.literal or ", ".join(x for x in (self.family, self.given) if x)


def parse_name(text: str, organisation: bool = False) -> Name:
    """Split a name from the front matter. An ``organisation`` (the contributor wrote it in braces,
    "{Human Rights Watch}") is never split. ``Family, Given`` is taken as written; otherwise the last
    word (with any lower-case particles before it) is the family name, as BibTeX reads names. A single
    word, or a name with digits, ``&``, brackets, a connective ("of", "on"...) or a word that names an
    institution ("Group", "Watch", "Institute"...), is an organisation."""
    text = " ".join(text.split())
    if organisation:
        return Name(literal=text)
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return Name(family=family, given=given)
    words = text.split(" ")
    if (
        len(words) < 2
        or any(c.isdigit() or c in "&()[]/@" for c in text)
        or any(w.casefold() in _CONNECTIVES for w in words)
        or any(w.strip(".").casefold() in _INSTITUTION_WORDS for w in words)
    ):
        return Name(literal=text)
    first_family = len(words) - 1
    while first_family > 1 and words[first_family - 1] in _PARTICLES:
        first_family -= 1
    return Name(family=" ".join(words[first_family:]), given=" ".join(words[:first_family]))


def author_names(meta: Meta) -> list[Name]:
    """The source's authors as the citations need them, those written in braces as organisations."""
    return [parse_name(a, a in meta.organisations) for a in meta.authors]


def name_doubt(text: str, organisation: bool = False) -> str | None:
    """Why a name the citations read as a person may be wrong, or None: three or more capitalised
    words ("Mary Ann Evans", "Gabriel García Márquez", "Radio Free Europe") leave open where the
    family name starts, or whether it is a person at all. Two ("Orhan Dragaš", "Jean-Claude
    Juncker"), initials ("Ana M. Popescu"), particles ("Charles de Gaulle") and ``Family, Given``
    raise no doubt."""
    name = parse_name(text, organisation)
    if name.literal or "," in text:
        return None
    capitalised = [w for w in name.direct.split(" ") if w[:1].isupper() and len(w.rstrip(".")) > 1]
    if len(capitalised) < 3:
        return None
    return (
        f"'{name.direct}' is cited as a person with the family name {name.family} ({name.inverted}); "
        f"if that is right, write it '{name.inverted}'; if it is an organisation, in braces: \"{{{name.direct}}}\""
    )


def _precision(date: dt.date) -> str:
    return date.precision if isinstance(date, PartialDate) else "day"


def _circa(date: dt.date, mark: str) -> str:
    return mark + " " if isinstance(date, PartialDate) and date.approximate else ""


def human_date(date: dt.date | None) -> str | None:
    """"5 April 2024", "March 2022", "2022"; "c. March 2022" when approximate. Never a day or month
    the date does not have."""
    if date is None:
        return None
    month = _MONTHS[date.month - 1]
    shown = {"day": f"{date.day} {month} {date.year}", "month": f"{month} {date.year}", "year": str(date.year)}
    return _circa(date, "c.") + shown[_precision(date)]


def _us_date(date: dt.date) -> str:
    # Chicago writes an approximate date with "ca." (CMOS 10.7).
    month = _MONTHS[date.month - 1]
    shown = {"day": f"{month} {date.day}, {date.year}", "month": f"{month} {date.year}", "year": str(date.year)}
    return _circa(date, "ca.") + shown[_precision(date)]


def _apa_date(date: dt.date | None) -> str:
    if date is None:
        return "n.d."
    month = _MONTHS[date.month - 1]
    shown = {"day": f"{date.year}, {month} {date.day}", "month": f"{date.year}, {month}", "year": str(date.year)}
    return _circa(date, "ca.") + shown[_precision(date)]


def _edtf(date: dt.date) -> str:
    """The date for biblatex: ``2022-03``, ``2022-03~`` when approximate (ISO 8601-2)."""
    return date.edtf() if isinstance(date, PartialDate) else date.isoformat()


def _slashed(date: dt.date, end: str = "") -> str:
    """RIS and Highwire dates: ``2024/04/05``, ``2022/03``; RIS pads the missing parts (``2022/03//``)."""
    parts = [f"{date.year:04d}", f"{date.month:02d}", f"{date.day:02d}"]
    known = {"day": 3, "month": 2, "year": 1}[_precision(date)]
    if end:
        return "/".join(parts[:known] + [""] * (3 - known)) + end
    return "/".join(parts[:known])


# A reference is a list of runs: (text, kind), kind "" (plain), "em" (italics) or "url" (a link).
Runs = list[tuple[str, str]]


def _plain(runs: Runs) -> str:
    return "".join(text for text, _ in runs)


def _joined(runs: Runs) -> tuple[tuple[str, str], ...]:
    """The runs with each stretch of plain text as one run: the same words, fewer pieces to write."""
    out: list[tuple[str, str]] = []
    for text, kind in runs:
        if not kind and out and not out[-1][1]:
            out[-1] = (out[-1][0] + text, "")
        else:
            out.append((text, kind))
    return tuple(out)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(("?", "!", "."))


def _period(text: str) -> str:
    return text if _ends_sentence(text) else text + "."


def chicago(meta: Meta) -> Runs:
    """A Chicago notes-and-bibliography bibliography entry for a web article (CMOS 18, 14.104):
    Family, Given. "Title." *Site*, Month Day, Year. Accessed Month Day, Year. URL.
    The title keeps the article's own capitalisation; unknown facts are left out, a missing
    date is "n.d."."""
    runs: Runs = []
    names = author_names(meta)
    if names:
        shown = [names[0].inverted] + [n.direct for n in names[1:]]
        # "Petrović, Ana, and John Smith": the comma closes the inverted name; an organisation first
        # is not inverted ("Radio Free Europe and Jane Doe"). Three or more take the serial comma.
        last = ", and " if len(shown) > 2 or not names[0].literal else " and "
        joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + last + shown[-1]
        runs.append((_period(joined) + " ", ""))
    title = meta.title.strip()
    runs.append((f"“{_period(title)}”" if not _ends_sentence(title) else f"“{title}”", ""))
    runs.append((" ", ""))
    if meta.publisher:
        runs.append((meta.publisher, "em"))
        runs.append((", ", ""))
    runs.append((_us_date(meta.date) + "." if meta.date else "n.d.", ""))
    if meta.accessed:
        runs.append((f" Accessed {_us_date(meta.accessed)}.", ""))
    if meta.url:
        runs += [(" ", ""), (meta.url, "url"), (".", "")]
    return runs


def _initials(given: str) -> str:
    """APA initials: "Nikola" -> "N.", "Jean-Paul" -> "J.-P.", "Ana M." -> "A. M."."""
    return " ".join("-".join(part[0] + "." for part in word.split("-") if part) for word in given.split())


def apa(meta: Meta) -> Runs:
    """An APA 7 reference for a webpage on a news or analysis site (APA 7, 10.16):
    Family, G. (Year, Month Day). *Title*. Site. URL. Without an author, the title moves to the
    author's place; a missing date is "(n.d.)"."""
    runs: Runs = []
    title = meta.title.strip()
    names = author_names(meta)
    date = _apa_date(meta.date)
    if names:
        shown = [n.literal or f"{n.family}, {_initials(n.given)}".rstrip(", ") for n in names]
        joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + ", & " + shown[-1]
        runs.append((_period(joined) + f" ({date}). ", ""))
        runs += [(title, "em"), ("" if _ends_sentence(title) else ".", "")]
    else:
        runs += [(title, "em"), (("" if _ends_sentence(title) else ".") + f" ({date}).", "")]
    site = meta.publisher
    if site and not any(n.literal == site for n in names):
        runs.append((" " + _period(site), ""))
    if meta.url:
        runs += [(" ", ""), (meta.url, "url")]
    return runs


WAYBACK = "https://web.archive.org/web/"


def archive_url(meta: Meta) -> str | None:
    """The Internet Archive's copy of the source's address, nearest the day it was read: the access
    date if known, else the publication date (a partial date gives a partial timestamp, "202203";
    the Wayback Machine opens the snapshot nearest any timestamp, so the link needs no look-up).
    Without either date, the address alone opens the newest snapshot. None without an address."""
    if not meta.url:
        return None
    when = meta.accessed or meta.date
    stamp = when.isoformat().replace("-", "") if when else ""
    return WAYBACK + (f"{stamp}/" if stamp else "") + meta.url


STYLE_RUNS = {"chicago": chicago, "apa": apa}  # each of STYLES' keys, and the function that writes it


def reference(meta: Meta) -> str:
    """The Chicago entry as plain text (the bibliography's order and the PDF use it)."""
    return _plain(chicago(meta))


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(c, c) for c in text)


def _bibtex_name(name: Name) -> str:
    # An organisation in double braces, so BibTeX never splits or abbreviates it.
    if name.literal:
        return "{" + bibtex_escape(name.literal) + "}"
    return ", ".join(bibtex_escape(x) for x in (name.family, name.given) if x)


def bibtex(meta: Meta, key: str) -> str:
    """An ``@online`` entry (biblatex; BibTeX reads it as ``@misc``). Capture notes stay on the site:
    they describe this briefing's copy, not the publication."""
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(meta.title) + "}")]
    if meta.authors:
        fields.append(("author", " and ".join(map(_bibtex_name, author_names(meta)))))
    if meta.publisher:
        fields.append(("organization", bibtex_escape(meta.publisher)))
    if meta.date:
        fields.append(("date", _edtf(meta.date)))
        fields.append(("year", str(meta.date.year)))
    if meta.url:
        fields.append(("url", meta.url))
    if meta.accessed:
        fields.append(("urldate", meta.accessed.isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{key},\n{body}\n}}\n"


def _ris_value(text: str) -> str:
    return " ".join(text.split())  # one line per tag: a line break would start a new tag


def ris(meta: Meta, key: str) -> str:
    """A RIS record (``TY  - ELEC``, a web page), as Zotero, EndNote and Mendeley import it."""
    lines = [("TY", "ELEC"), ("ID", key), ("TI", meta.title)]
    lines += [("AU", n.inverted) for n in author_names(meta)]
    if meta.publisher:
        lines += [("T2", meta.publisher), ("PB", meta.publisher)]
    if meta.date:
        circa = "circa" if isinstance(meta.date, PartialDate) and meta.date.approximate else ""
        lines += [("PY", str(meta.date.year)), ("DA", _slashed(meta.date, "/" + circa))]
    if meta.accessed:
        lines.append(("Y2", _slashed(meta.accessed, "/")))
    if meta.url:
        lines.append(("UR", meta.url))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}\n" for tag, value in lines)


def _csl_date(date: dt.date) -> dict:
    if isinstance(date, PartialDate):
        return {"date-parts": [date.parts()], **({"circa": True} if date.approximate else {})}
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_item(meta: Meta, key: str) -> dict:
    """A CSL-JSON item (type ``webpage``), the input of every CSL processor (Zotero, Pandoc)."""
    item: dict = {"id": key, "type": "webpage", "title": meta.title}
    if meta.authors:
        item["author"] = [
            {"literal": n.literal} if n.literal else {"family": n.family, "given": n.given}
            for n in author_names(meta)
        ]
    if meta.publisher:
        item["container-title"] = meta.publisher
    if meta.date:
        item["issued"] = _csl_date(meta.date)
    if meta.accessed:
        item["accessed"] = _csl_date(meta.accessed)
    if meta.url:
        item["URL"] = meta.url
    return item


def meta_tags(meta: Meta) -> tuple[tuple[str, str], ...]:
    """Google Scholar / Zotero ``citation_*`` tags, one per known fact."""
    tags: list[tuple[str, str]] = [("citation_title", meta.title)]
    tags += [("citation_author", a) for a in meta.authors]
    if meta.date:
        tags.append(("citation_publication_date", _slashed(meta.date)))
    if meta.publisher:
        tags.append(("citation_publisher", meta.publisher))
    if meta.url:
        tags.append(("citation_public_url", meta.url))
    return tuple(tags)


def cite(meta: Meta, slug: str) -> Citation:
    # Each style's runs are made once here: the source's page and the bibliography, on the site and in
    # the book, all show them.
    runs = tuple((key, _joined(STYLE_RUNS[key](meta))) for key, _ in STYLES)
    return Citation(
        reference=_plain(dict(runs)["chicago"]),
        bibtex=bibtex(meta, slug),
        key=slug,
        meta_tags=meta_tags(meta),
        ris=ris(meta, slug),
        csl=json.dumps(csl_item(meta, slug), ensure_ascii=False, sort_keys=True),
        runs=runs,
    )
