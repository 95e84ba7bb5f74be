"""What a short line of page chrome looks like: buttons, bylines, date lines, credits, notices and link-list headings."""

from __future__ import annotations

import re

# Reasons shown in the "What the cleaner removed" note.
SHARE = "share button or counter"
NOTICE = "page notice (advertising, navigation, consent)"
BYLINE = "byline (kept as metadata)"
DATELINE = "date line (publication date is metadata)"
CREDIT = "photo caption or credit"
SLIDESHOW = "slideshow counter"
COUNTER = "a number on its own line (a counter)"
READ_MORE = "link to another article"
LINK_LIST = "list of links to other articles"
COPYRIGHT = "copyright, terms or cookie notice"
AFFILIATE = "affiliate disclosure"
STAFF = "staff credit or contact line"
PROMO = "the site's call to subscribe, join or download"
CITE_PAGE = "how to cite this page (the citation is metadata)"

# Under a link-list heading, a line of up to this many words is a link or its teaser.
TEASER_MAX_WORDS = 35
# Only a line this short can be one of these (a paragraph that mentions "Facebook" is not a button).
MAX_CHARS = 300

_SOCIAL = (
    r"share|shares|shared|tweet|tweets|email|e-mail|mail|print|pin|pin it|facebook|twitter|x|linkedin|whatsapp|"
    r"reddit|pinterest|flipboard|tumblr|telegram|messenger|sms|copy|copy link|copy url|link|save|bookmark|"
    r"comment|comments|buffer|google\+?|google plus|instagram|youtube|snapchat|tiktok|rss|feed|more|less|"
    r"like|likes|follow|follow us|share this|share on|share via|share story|share article|share this article|"
    r"share this story|share this entry|share this post|share this page|show more sharing options|"
    r"share close extra sharing options|embed|permalink|print this page|print article|email this|opens in new window|"
    r"click to share on \w+|click to email this to a friend|click to print"
)
# A line made of share buttons and their counters only ("Share", "258 Shares", "Facebook Twitter").
_SHARE = re.compile(
    rf"^(?:(?:{_SOCIAL})\b\s*(?:\((?:opens in new window)\))?|\d[\d.,]*\s*[kKmM]?)"
    rf"(?:\s*[|/·•,:]?\s*(?:(?:{_SOCIAL})\b\s*(?:\((?:opens in new window)\))?|\d[\d.,]*\s*[kKmM]?))*\s*:?$",
    re.I,
)
# A gallery's caption with its counter glued on ("1of4A shopper looks at …"), whatever its length.
_GALLERY_CAPTION = re.compile(r"^\d{1,3}\s?of\s?\d{1,3}(?=[A-Z“\"‘'])")
# The label a page gives a caption for screen readers ("Image caption Assange gestures …",
# "Media captionWho is …").
_CAPTION_LABEL = re.compile(r"^(?:Image|Media|Photo|Video) ?caption ?(?=[A-Z\"“‘])")
# The button that folds an expanded caption ("… Nov. 20, 2019. less") or unfolds a cut one ("… ... more",
# "… ... [+]").
_CAPTION_TOGGLE = re.compile(r"(?:[.!?…]['\"”’)]*\s+less|(?:\.\.\.|…)\s*(?:more|\[\+\]))$")
# A news agency's caption dates its photo with the weekday and the full date, set off by a comma
# or after "on" ("… at the Statehouse in Indianapolis, Tuesday, Nov. 19, 2019, calling for …"),
# where an article's sentence says "on Tuesday". The date goes on to a comma or the caption's full
# stop (a copy cut short at the date is the caption shown again, and is removed as that).
_DATED_CAPTION = re.compile(
    r"(?:,|\bon) (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)"
    r"[a-z]*\.? \d{1,2}, (?:19|20)\d\d(?=[,.])"
)
CAPTION_MAX_WORDS = 60
# A caption says what the picture shows: "An artist's illustration of …", "A stock image of …",
# "<a camera> took this image of …".
_PICTURE_CAPTION = re.compile(
    r"(?:an? )?(?:artist['’]?s (?:illustration|impression|rendering|concept)|stock (?:image|photo)|file (?:image|photo))\b",
    re.I,
)
_TOOK_PICTURE = re.compile(r"\btook this (?:image|photo|picture)\b")
_COUNT = re.compile(r"^\d[\d.,]*\s*[kKmM]?$")
_NOTICE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|ads|promoted|paid content|"
    r"story continues below(?: advertisement)?|article continues below(?: advertisement)?|"
    r"continue reading(?: below)?|skip to (?:main )?content|skip to navigation|skip navigation|jump to navigation|"
    r"back to top|scroll to top|go to top|top of page|enlarge(?: this)? image|expand image|view gallery|"
    r"view (?:pdf|print)(?:/print)?(?: mode)?|read later|save for later|listen to (?:this )?article|"
    r"toggle navigation|menu|main menu|open menu|close menu|search|sign in|log in|login|register|subscribe|"
    r"subscribe now|sign up|log out|my account|back to gallery|next|previous|prev|next article|previous article|"
    r"previous next|prevprevious|nextnext|loading|loading\.\.\.|please wait|audio|video|watch|listen|"
    r"image|photo|caption|close|view comments|hide caption|toggle caption|show caption)\s*[.:]?$",
    re.I,
)
# The page telling the reader what their browser cannot show.
_BROWSER_NOTICE = re.compile(
    r"\benable javascript\b|\bjavascript (?:is )?(?:disabled|required)\b|\bplayback is(?: not|n['’]t)? (?:un)?supported\b"
    r"|\byour (?:browser|device) does(?: not|n['’]t) support\b",
    re.I,
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|related|related articles?|related stories|related coverage|related content|"
    r"see also|also on [^:]{1,40}|more on this(?: story)?|more on [^:]{1,40}|watch|watch now|listen|recommended|"
    r"read next|read this next|must read|don'?t miss|editor'?s picks?|trending|popular|up next|next up|"
    r"what to read next|you may also like|you might also like|more from [^:]{1,40}|click here|see more|"
    r"on [\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk))\s*[:>|»›-]+\s*\S",
    re.I,
)
# A heading that opens a list of links to other articles ("Related", "More from Slate", "Most read").
_LINK_LIST_HEADING = re.compile(
    r"^(?:related|related articles?|related stories|related posts|related content|related coverage|related links|"
    r"related reading|related topics|see also|read more|read next|read this next|more|more stories|more news|"
    r"more articles|more from [\w .&'’-]{1,40}|more in [\w .&'’-]{1,40}|more on [\w .&'’-]{1,40}|"
    r"more great [\w .&'’-]{1,30} stories|most read(?: in [\w .&'’-]{1,40})?|most popular(?: in [\w .&'’-]{1,40})?|"
    r"most viewed|most shared|most commented(?: on)?|popular|popular (?:posts|stories|now|articles)|trending|"
    r"trending (?:now|stories|articles)|top stories|latest|latest news|latest stories|latest articles|"
    r"recommended|recommended (?:for you|stories|articles|reading|videos)|you may also like|you might also like|"
    r"you may be interested in|also on [\w .&'’-]{1,40}|don'?t miss|editor'?s picks?|"
    r"what to read next|up next|next up|in case you missed it|recent posts|recent articles|recent stories|"
    r"further coverage|around the web|from the web|sponsored stories|promoted stories|more videos|"
    r"watch next|trending videos|tags?|topics?|filed under|categories|category)\s*:?$",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:(?:written|posted|published|reported|compiled|edited|reviewed|photographs?|words|story|text)\s+)?by\s*:?\s+\S"
    r"|^(?:author|authors|written by|reporter|reporting by|posted by|words by)\s*:\s*\S",
    re.I,
)
# "<someone> - <date>" and "<someone> | <date>": a byline with its date.
_BYLINE_DATE = re.compile(r"^[^.!?]{2,60}?\s+[-–—|·•]\s+.*\b(?:19|20)\d\d\b", re.I)

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
# Words a date line is made of besides the date itself.
_DATE_WORDS = (
    r"updated|update|published|posted|first published|last updated|last modified|modified|created|date|"
    r"on|at|and|am|pm|a\.m|p\.m|et|est|edt|pt|pst|pdt|ct|cst|gmt|bst|cet|cest|utc|ist|aest|"
    r"ago|just now|today|yesterday|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|h|m|d|"
    r"time|read|reading|min read|mins read|minute read|uk|us"
)
_DATE_TOKEN = re.compile(
    rf"\b(?:{_MONTH}|{_DAY}|{_DATE_WORDS})\b\.?|\d{{1,4}}(?:st|nd|rd|th|[smhdw]|mins?|hrs?)?(?=\b|[a-z])|[,:|/·•()\-–—.]+",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_HAS_DATE = re.compile(
    rf"\b(?:{_MONTH})\b|\b(?:{_DAY})\b|\d{{1,2}}:\d{{2}}|\b(?:19|20)\d\d\b|\bago\b|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}"
    r"|\b(?:just now|today|yesterday)\b",
    re.I,
)
_SLIDESHOW = re.compile(r"^(?:image|photo|slide|picture|item)?\s*\d{1,3}\s*(?:/|of)\s*\d{1,3}$|^\d{1,3}\s*of\s*\d{1,3}\S", re.I)
_CREDIT = re.compile(
    r"(?:^|[\s.(])(?:photo|image|picture|illustration|graphic|video|credit|credits|source|courtesy|photograph)s?"
    r"(?: credit)?\s*(?::|by\b|©|/)"
    r"|\bimage copyright\b|\bcopyright\s+(?:\(c\)\s*)?(?:getty|reuters|ap|afp|epa)\b"
    r"|(?:^|[/(,|]|\bvia|\bfor)\s*(?:reuters|ap|afp|epa|getty images?|shutterstock|alamy|istock|xinhua|ap photo|"
    r"associated press|bloomberg|dpa|anadolu|tass|sputnik)\s*(?:file)?\s*\)?\s*$"
    r"|^\(?[\w.'’ -]{2,40}\s*/\s*(?:[\w.'’-]+\s*){1,4}\)?$"
    r"|^\([^()]{2,60}\)$"
    r"|\b(?:getty|reuters|afp|epa|ap)\s*/\s*[\w.'’ -]{2,40}$"
    r"|^file photo\b|\bfile photo:",
    re.I,
)
# A credit that names no one's camera: "<name> Submitted photo", "Courtesy photo".
_PHOTO_END = re.compile(r"\b(?:submitted|contributed|courtesy|file) photo\.?$", re.I)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|©\s*(?:19|20)\d\d|\ball rights reserved\b"
    r"|^(?:privacy(?: policy)?|terms(?: of (?:use|service))?|cookies?(?: policy| settings)?|accessibility|sitemap|"
    r"contact(?: us)?|about(?: us)?|careers|advertise(?: with us)?|help|faq|imprint|legal)"
    r"(?:\s*[|·•,/-]\s*(?:privacy(?: policy)?|terms(?: of (?:use|service))?|cookies?(?: policy| settings)?|"
    r"accessibility|sitemap|contact(?: us)?|about(?: us)?|careers|advertise(?: with us)?|help|faq|imprint|legal|"
    r"do not sell my (?:personal )?info(?:rmation)?|ad choices))+\s*$"
    r"|\b(?:we|this (?:site|website)|our (?:site|website|partners)) uses? cookies\b|\bby (?:continuing|using) (?:to (?:use|browse) )?"
    r"(?:this|our) (?:site|website)\b.*\b(?:agree|consent|accept)|\bcookie (?:policy|settings|preferences|consent)\b"
    r"|^(?:accept|reject|accept all|reject all|manage)(?: all)?(?: cookies)?$",
    re.I,
)
# A rights notice of any length: "This document is subject to copyright. … no part may be reproduced …".
_REPRODUCTION = re.compile(r"^this (?:document|article|page|story|material|content|site) is subject to copyright\b|\bno part of (?:this|the) [\w ]{1,30} may be reproduced\b|\bno part may be reproduced\b", re.I)
# The page's own "how to cite" line: "Citation: <title> (2019, November 18) retrieved 20 November 2019 from <url>".
_CITE_PAGE = re.compile(r"^(?:citation|cite this (?:article|page|story)|how to cite(?: this (?:article|page))?)\s*:.*\bretrieved\b.*\bfrom\s+\S", re.I)
_RIGHTS = re.compile(r"\b(?:19|20)\d\d\b|\brights reserved\b", re.I)
_AFFILIATE = re.compile(
    r"\b(?:may|might|could) (?:earn|receive|get) (?:a )?(?:small |an )?(?:affiliate )?commission"
    r"|\baffiliate (?:links?|partnerships?|commission)\b|\bearn(?:s)? (?:a )?commission\b"
    r"|\bindependently (?:selected|chosen|reviewed)\b.*\b(?:commission|affiliate)",
    re.I,
)
# Who else worked on the piece, and how to reach its author: credits, not the article's text.
_STAFF = re.compile(
    r"\bcontributed (?:(?:to )?(?:this|the) (?:report|story|article)|(?:additional )?reporting)\b"
    r"|^(?:additional )?(?:reporting|writing|editing|research|graphics|production) by\b"
    r"|^(?:email|e-mail|contact|follow) [\w.'’ -]{1,40} (?:at|on|@)\s*\S*@|\bfollow (?:us|him|her|me|them) (?:on|@)",
    re.I,
)
# "Follow <the site> on Instagram, Facebook and Twitter."
_FOLLOW_SITE = re.compile(r"follow [\w .&'’-]{1,40} on (?:instagram|facebook|twitter|youtube|linkedin|tiktok)\b", re.I)
# The site's own calls to action: join, subscribe, download, support.
_PROMO = re.compile(
    r"^(?:\W*)(?:subscribe|sign up|join|get|download|click here|tap here|follow|support|donate|give feedback|"
    r"tell us|want more|need more|like this|enjoy(?:ed)? this|love this|don'?t forget)\b.{0,200}\b(?:our|us|newsletter|"
    r"app|today|free|here|inbox|updates)\b"
    # "Subscribe to <the site> on YouTube", "Subscribe to the <site> YouTube Channel for …": a call,
    # whatever follows it.
    r"|^(?:\W*)subscribe to\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]]*$")


def reason(text: str) -> str | None:
    """Why a short line is page chrome, or None when it may be the article's."""
    # A caption is as long as it likes: these marks tell one at any length.
    if (
        _GALLERY_CAPTION.match(text)
        or _CAPTION_LABEL.match(text)
        or (text.endswith(("less", "more", "[+]")) and _CAPTION_TOGGLE.search(text))
    ):
        return CREDIT
    if len(text) <= 12 * CAPTION_MAX_WORDS and _uncredited_caption(text) and len(text.split()) <= CAPTION_MAX_WORDS:
        return CREDIT
    if len(text) > MAX_CHARS:
        return None
    words = text.split()
    n = len(words)
    if n <= 12:
        if _SLIDESHOW.match(text):  # before the share counters: "1 / 23" is no count of shares
            return SLIDESHOW
        if _COUNT.match(text):  # a count of shares, comments or photos: it stands anywhere
            return COUNTER
        # "More:" over a few headlines opens a list of links; a bare "More" beside "Share" is a button.
        if text.endswith(":") and _LINK_LIST_HEADING.match(text):
            return LINK_LIST
        if _SHARE.match(text):
            return SHARE
        if _NOTICE.match(text):
            return NOTICE
        if _LINK_LIST_HEADING.match(text):
            return LINK_LIST
    if _COPYRIGHT.search(text) and (n <= 25 or "cookie" in text.casefold()):
        # "© Name" and a caption, no year and no rights reserved: a photo's credit, inside the article.
        if text.startswith("©") and not _RIGHTS.search(text):
            return CREDIT
        return COPYRIGHT
    # These two search the whole line: only one that holds their words is searched (a plain
    # substring test is some ten times cheaper, and runs on every short line of every build).
    low = text.lower()
    if ("copyright" in low or "reproduc" in low) and _REPRODUCTION.search(text):
        return COPYRIGHT
    if ("retrieved" in low) and _CITE_PAGE.match(text):
        return CITE_PAGE
    if ("javascript" in low or "support" in low) and _BROWSER_NOTICE.search(text):
        return NOTICE
    if _AFFILIATE.search(text):
        return AFFILIATE
    if n <= 30 and _READ_MORE.match(text):
        return READ_MORE
    if n <= 40 and (_STAFF.search(text) or (low.startswith("follow ") and _FOLLOW_SITE.match(text))):
        return STAFF
    if n <= 40 and _PROMO.match(text):
        return PROMO
    ended = _SENTENCE_END.search(text) is not None
    if n <= 16 and not ended and (_CREDIT.search(text) or (low.endswith("photo") and _PHOTO_END.search(text))):
        return CREDIT
    if n <= 12 and _BYLINE.match(text) and not ended:
        return BYLINE
    if n <= 30 and text[:3].casefold() == "by " and _HAS_DATE.search(text) and _names_and_date(text[3:]):
        return BYLINE
    # A date line may name its agency or place ("Reuters 12 March 2024 14:05") when it gives a time.
    if n <= 16 and _HAS_DATE.search(text) and _date_only(text, allow=1 if _TIME.search(text) else 0):
        return DATELINE
    if n <= 12 and not ended and _BYLINE_DATE.match(text) and _date_only(text.split(" ", 1)[-1], allow=4):
        return BYLINE
    return None


def _uncredited_caption(text: str) -> bool:
    """A caption with no credit in it: dated as an agency dates its photo, or saying what the
    picture is. A search of the whole line runs only on a line holding its words (these checks
    run on every line of every build)."""
    return (
        _dated_caption(text)
        or _PICTURE_CAPTION.match(text) is not None
        or ("took this" in text and _TOOK_PICTURE.search(text) is not None)
    )


def _dated_caption(text: str) -> bool:
    """Whether the line dates a photo as an agency caption does; the expression is tried only
    around each "day, " (a search of the whole line costs ten times more)."""
    at = text.find("day, ")
    while at != -1:
        if _DATED_CAPTION.search(text, max(0, at - 12), at + 32):
            return True
        at = text.find("day, ", at + 5)
    return False


def share_button(text: str) -> bool:
    """A line made of share buttons and counters only ("Comments" among them, beside "Tweet")."""
    return len(text) <= MAX_CHARS and _SHARE.match(text) is not None


def _names_and_date(text: str) -> bool:
    """Only names (capitalised words, "and"), a date and its words: "Ann Lee and Bo Yi on Monday,
    November 18th, 2019 at 11:04 a.m." (ending in "a.m.", a byline ends like a sentence)."""
    rest = _DATE_TOKEN.sub(" ", text).replace("&", " ").split()
    return bool(rest) and all(w[:1].isupper() or w in ("and", "|") for w in rest)


def _date_only(text: str, allow: int = 0) -> bool:
    """Nothing but a date, a time, their words ("Updated", "ago") and at most ``allow`` other words."""
    rest = _DATE_TOKEN.sub(" ", text).split()
    return len(rest) <= allow
