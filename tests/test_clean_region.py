"""The cleaner on whole made-up pages: where the article starts and ends, the chrome kinds it names,
lists it keeps, and the lines a briefing's other captures share."""

from __future__ import annotations

from pathlib import Path

from briefing import chrome
from briefing import clean as C
from briefing import pipeline
from briefing.clean import clean

BODY = [
    # Three sentences: a body paragraph, never a standfirst.
    "Serbia's government said on Monday that it would not join the latest round of European measures. "
    "The cabinet met for four hours. Ministers then spoke to the press.",
    "The decision, announced after a meeting of the national security council, drew sharp criticism from Brussels.",
    "Officials in Belgrade argued that the country's energy supply depends on Russian gas for at least another winter.",
    "Analysts said the move would complicate the accession talks that are due to resume in the spring.",
]
TITLE = "Serbia stays out of new sanctions round"


def page(*parts: list[str]) -> str:
    return "\n\n".join(line for part in parts for line in part) + "\n"


def reasons(cleaned) -> dict[str, str]:
    return {r.text: r.reason for r in cleaned.removed}


def body(cleaned) -> list[str]:
    return [p.text for p in cleaned.body]


def test_menus_before_the_title_and_related_headlines_after_the_article_are_removed_with_where_they_lie() -> None:
    menu = ["Skip to main content", "World", "Europe", "Politics", "Opinion", "Video"]
    related = [
        "Hungary blocks EU statement on Ukraine as talks stall",
        "Five things to know about the Balkan gas pipeline",
        "Why Montenegro's new government looks to Brussels first",
        "Opinion: The West keeps misreading Belgrade",
    ]
    footer = ["© 2024 Example Media Ltd. All rights reserved.", "Privacy | Terms | Cookies"]
    c = clean(page(menu, [TITLE], BODY, ["Share", "Tweet", "Email"], related, footer), title=TITLE)
    assert body(c) == BODY
    got = reasons(c)
    assert got["Skip to main content"] == chrome.NOTICE
    assert got["World"] == C.LABEL
    assert {got[line] for line in related} == {C.AFTER}
    assert got["Tweet"] == chrome.SHARE
    assert got["© 2024 Example Media Ltd. All rights reserved."] == chrome.COPYRIGHT
    assert got["Privacy | Terms | Cookies"] == chrome.COPYRIGHT


def test_a_comment_section_ends_the_article_whatever_its_heading() -> None:
    comments = [
        "This is exactly what everybody expected from the government, and nobody in Brussels should be surprised.",
        "reader2024 says:",
        "I disagree with the author on nearly every point, but it is a well argued piece of writing overall.",
    ]
    long_title = "10 thoughts on “Business Focus: It’s Why Some People Triumph Online and Others Never Make It in Belgrade”"
    for heading in ("12 Comments", "Top Rated Comments", "Leave a Reply", "View Comments", "34 responses to “Serbia”", long_title):
        c = clean(page([TITLE], BODY, [heading], comments), title=TITLE)
        assert body(c) == BODY, heading
        assert reasons(c)[comments[0]] == reasons(c)[comments[2]] == C.AFTER, heading


def test_a_comment_link_by_the_byline_does_not_end_the_article() -> None:
    c = clean(page([TITLE, "By Ana Petrović", "0 Comments"], BODY), title=TITLE)
    assert body(c) == BODY


def test_a_comment_heading_shown_again_further_down_is_a_link_and_the_section_opens_at_the_last() -> None:
    # A "Comments" button between two paragraphs, then the section under the same heading.
    comments = ["reader2024 says:", "I disagree with the author on nearly every point, but it is a well argued piece."]
    c = clean(page([TITLE], BODY[:3], ["Comments"], BODY[3:], ["Comments"], comments), title=TITLE)
    assert body(c) == BODY
    got = reasons(c)
    assert got[comments[1]] == C.AFTER
    # Shown once, the same heading ends the article where it stands.
    c = clean(page([TITLE], BODY[:3], ["Comments"], BODY[3:]), title=TITLE)
    assert body(c) == BODY[:3]


def test_comments_in_a_row_of_share_buttons_is_a_button_not_the_comment_section() -> None:
    bar = ["Facebook", "Twitter", "Comments", "Print", "Email"]
    c = clean(page([TITLE], bar, BODY), title=TITLE)
    assert body(c) == BODY
    assert {reasons(c)[b] for b in bar} == {chrome.SHARE}
    # Under a paragraph, the same word is the section's heading.
    c = clean(page([TITLE], BODY, ["Comments", "Great piece"]), title=TITLE)
    assert reasons(c)["Comments"] == reasons(c)["Great piece"] == C.COMMENTS


def test_a_run_of_names_after_the_article_ends_it_though_prose_follows() -> None:
    # A pop-up letter after the article: a heading, the staff's names, then a plea in prose.
    staff = ["Our Team", "Ana Petrović", "Ivan Ilić", "Marko Jovanović", "Jelena Nikolić", "Dragan Lazić", "Operations", "Mila Perić"]
    plea = "We do this work every day at no cost to you, but it is far from free to produce, and we cannot slow down now."
    c = clean(page([TITLE], BODY, staff, [plea]), title=TITLE)
    assert body(c) == BODY
    assert {reasons(c)[line] for line in [*staff, plea]} == {C.AFTER}
    # One short line between paragraphs is a subheading, and the article goes on under it.
    c = clean(page([TITLE], BODY[:2], ["Ana Petrović"], BODY[2:]), title=TITLE)
    assert [p.text for p in c.paragraphs] == BODY[:2] + ["Ana Petrović"] + BODY[2:]


def test_a_related_list_inside_the_article_goes_and_the_article_resumes_after_it() -> None:
    inline = ["Related", "Gas deal with Russia extended for six months", "Serbia signs lithium memorandum with the EU"]
    short_paragraphs = ["He declined to say more.", "The ministry did not respond to a request for comment on Tuesday."]
    c = clean(page([TITLE], BODY[:2], inline, short_paragraphs, BODY[2:]), title=TITLE)
    assert body(c) == BODY[:2] + short_paragraphs + BODY[2:]
    assert {reasons(c)[line] for line in inline} == {chrome.LINK_LIST}


def test_bylines_and_date_lines_in_any_shape_are_removed() -> None:
    lines = [
        "By ANA PETROVIĆ",
        "by admin - 12 March 2024",
        "Ana Petrović - March 12, 2024",
        "Updated 10:01 pm PST, Tuesday, November 19, 2019",
        "Reuters 12 March 2024 14:05",
        "32M ago",
        "13 hours ago",
        "Published: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:43, Tue, Nov 19, 2019",
        "By Ana Petrović , Ivan Ilić on Monday, November 18th, 2019 at 11:08 a.m.",
    ]
    got = reasons(clean(page([TITLE], lines, BODY), title=TITLE))
    assert {line: got.get(line) for line in lines} == {
        "By ANA PETROVIĆ": chrome.BYLINE,
        "by admin - 12 March 2024": chrome.BYLINE,
        "Ana Petrović - March 12, 2024": chrome.BYLINE,
        "Updated 10:01 pm PST, Tuesday, November 19, 2019": chrome.DATELINE,
        "Reuters 12 March 2024 14:05": chrome.DATELINE,
        "32M ago": chrome.DATELINE,
        "13 hours ago": chrome.DATELINE,
        "Published: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:43, Tue, Nov 19, 2019": chrome.DATELINE,
        "By Ana Petrović , Ivan Ilić on Monday, November 18th, 2019 at 11:08 a.m.": chrome.BYLINE,
    }
    # A sentence that opens with "By" and gives a date is the article's.
    sentence = "By Monday, November 18th, the ministers in Belgrade had agreed on a date."
    assert sentence in body(clean(page([TITLE], BODY[:2], [sentence], BODY[2:]), title=TITLE))


def test_buttons_notices_credits_counters_and_disclosures_are_removed() -> None:
    inside = {  # what stands between an article's paragraphs
        "Advertisement": chrome.NOTICE,
        "Enlarge Image": chrome.NOTICE,
        "1 / 23": chrome.SLIDESHOW,
        "Jane Roe/Reuters": chrome.CREDIT,
        "(Jacquelyn Martin / Associated Press)": chrome.CREDIT,
        "© Jane Roe People queue for fuel outside a station in Belgrade": chrome.CREDIT,
        "Read more: Serbia and the EU, a timeline": chrome.READ_MORE,
        "Also on Example News: the Balkan gas map": chrome.READ_MORE,
        "We may earn a commission when you buy through links on our site.": chrome.AFFILIATE,
        # A gallery's caption with its counter glued on, long as a paragraph.
        "2of4A shopper looks at extension cords at a hardware store in Belgrade on Tuesday, Nov. 19, 2019, as "
        "residents prepare for the power cuts that the utility warned could last for several days this winter. "
        "(Ana Roe/Example News via AP)": chrome.CREDIT,
        # Labelled for screen readers, or with the button that folds or unfolds it.
        "Image caption The minister speaks to reporters outside the government building in Belgrade": chrome.CREDIT,
        "Media captionWhat does the decision mean for Serbia?": chrome.CREDIT,
        "Defence Minister Ana Roe, left, and her Hungarian counterpart shake hands in Belgrade, Wednesday, "
        "Nov. 20, 2019. The two met to discuss joint exercises. less": chrome.CREDIT,
        "Defence Minister Ana Roe, left, and her Hungarian counterpart shake hands in Belgrade ... more": chrome.CREDIT,
        "Not every duvet has real feathers in it. If you have an allergic reaction, you can try one ... [+]": chrome.CREDIT,
        "Victor N. Roe Submitted photo": chrome.CREDIT,
        "Media playback is unsupported on your device": chrome.NOTICE,
        "See more: Serbia's gas deal, explained": chrome.READ_MORE,
        "On example.com: Car sales plunge nearly 17 percent in August": chrome.READ_MORE,
        "Subscribe to the Example News YouTube Channel for all of the latest videos, reviews, and more!": chrome.PROMO,
    }
    around = {  # what stands before or after it
        "258 Shares": chrome.SHARE,
        "Facebook": chrome.SHARE,
        "Copy link": chrome.SHARE,
        "We use cookies to improve your experience. By continuing to use this site you agree.": chrome.COPYRIGHT,
        "Fox News' Jessica Roe contributed to this report.": chrome.STAFF,
        "Ana Roe contributed reporting from Novi Sad.": chrome.STAFF,
        "Follow Example News on Instagram, Facebook and Twitter.": chrome.STAFF,
        "Please enable JavaScript to view the comments powered by Disqus.": chrome.NOTICE,
    }
    lines = list(inside)
    mixed = [BODY[0], *lines[:4], BODY[1], *lines[4:], BODY[2], BODY[3]]
    c = clean(page([TITLE], list(around)[:3], mixed, list(around)[3:]), title=TITLE)
    assert body(c) == BODY
    got = reasons(c)
    assert {line: got.get(line) for line in inside | around} == inside | around


def test_body_lines_stay_when_they_start_lower_case_or_look_like_list_items() -> None:
    listing = [
        "The tour dates announced so far:",
        "June 9 – Belgrade, Štark Arena",
        "June 10 – Novi Sad, Spens",
        "June 12 – Niš, Čair",
    ]
    table = ["Ana Roe (DL): 63 plays", "John Doe (DL): 57 plays", "Mara Poe (LB): 55 plays"]
    lower = "and that, the minister added, was the end of the matter as far as the government was concerned."
    kept_lines = ["Video caption tools have improved, the ministry said, and more people now use them."]
    c = clean(page([TITLE], BODY[:2], [lower], listing, BODY[2:], kept_lines, table), title=TITLE)
    kept = [p.text for p in c.paragraphs]
    for line in [lower, *listing, *kept_lines, *table]:
        assert line in kept, line


def test_a_sentence_that_ends_in_an_emoji_is_prose_and_extends_the_article() -> None:
    # The article's last lines end in emoji after their full stop; a footer follows.
    last = [
        "Book your seats through the theatre's site and come to see this traditional performance today! 🙂",
        "We hope to see you soon! 🙂",
    ]
    footer = ["Jeongdong Theater", "Seoul, Jung-gu", "02-751-1500"]
    c = clean(page([TITLE], BODY, last, footer), title=TITLE)
    assert body(c) == BODY + last
    assert {reasons(c)[line] for line in footer} == {C.AFTER}
    # Without a sentence end before it, an emoji makes no sentence.
    menu = ["Book your seats through the theatre's site 🙂", "We hope to see you 🙂"]
    c = clean(page([TITLE], BODY, menu, footer), title=TITLE)
    assert body(c) == BODY


def test_a_pull_quote_does_not_cut_the_article_it_quotes() -> None:
    opening = "What a morning."
    quote = "Officials in Belgrade argued that the country's energy supply depends on Russian gas"  # a pull-quote of BODY[2]
    c = clean(page([TITLE, opening, quote], BODY), title=TITLE)
    assert [c.standfirst, *body(c)] == [opening, *BODY]
    assert reasons(c)[quote] == C.PULL_QUOTE
    # A line of chrome in its place does cut it off.
    c = clean(page([TITLE, opening, "Advertisement"], BODY), title=TITLE)
    assert c.standfirst is None and reasons(c)[opening] == C.BEFORE


def test_an_embedded_post_at_the_articles_end_stays_with_its_source_line() -> None:
    post = ["Who are we as a nation if we answer threats with retribution? pic.twitter.com/s96jjh8AlD",
            "— Rep. Ana Petrović (@anapetrovic) November 19, 2019"]
    after = ["Tags Serbia Sanctions", "Most Popular", "Hungary blocks EU statement on Ukraine as talks stall"]
    c = clean(page([TITLE], BODY, post, after), title=TITLE)
    assert body(c) == BODY + post
    assert reasons(c)[after[0]] == C.AFTER
    # Without the source line that marks it as a post, the line is a link like any other.
    c = clean(page([TITLE], BODY, post[:1], after), title=TITLE)
    assert body(c) == BODY


def test_a_paragraph_broken_across_lines_mid_sentence_keeps_its_lower_case_lines() -> None:
    broken = "Get your branding in place: the earlier the better when it comes to\nbuilding your brand, and\nchoosing a name."
    c = clean(page([TITLE], BODY[:2], [broken], BODY[2:]), title=TITLE)
    assert body(c) == BODY[:2] + broken.split("\n") + BODY[2:]
    # After a line that ends a phrase, a short lower-case line is the site's tagline.
    c = clean(page([TITLE], BODY, ["Officials in Belgrade said the talks will continue\nbusiness journey"]), title=TITLE)
    assert reasons(c)["business journey"] == C.TAGLINE


def test_a_byline_date_line_or_counter_is_never_the_standfirst() -> None:
    for under_title in ("By Ana Petrović", "March 12, 2024", "1 / 23", "Get short URL"):
        c = clean(page([TITLE, under_title], BODY), title=TITLE)
        assert c.standfirst is None, under_title
        assert body(c) == BODY, under_title
    summary = "A short summary of what Belgrade decided, and why."
    c = clean(page([TITLE, summary], BODY), title=TITLE)
    assert c.standfirst == summary


def test_a_first_sentence_full_of_names_and_titles_opens_the_article() -> None:
    # Mostly capitalised words, as a headline, but a sentence with its full stop, right under the title.
    names = (
        "President of the Senate, Ana Petrović, Senator Ivan Ilić and Senator Marko Jovanović-Lazić have dragged "
        "Interior Minister Dragan Nikolić to court."
    )
    c = clean(page([TITLE], [names], BODY), title=TITLE)
    assert [c.standfirst, *body(c)] == [names, *BODY]
    # Without its full stop, the same words are a headline of another article, outside it.
    headline = names.removesuffix(".").replace("have dragged", "Drag")
    c = clean(page([TITLE], [headline], BODY), title=TITLE)
    assert c.standfirst is None and body(c) == BODY and reasons(c)[headline] == C.BEFORE


def test_a_title_that_only_names_another_article_does_not_move_the_article() -> None:
    teasers = ["Another story entirely", "A teaser line under another story's headline, about something else."]
    c = clean(page(["Site name"], BODY, teasers, ["Serbia stays out of new sanctions round"]), title=TITLE)
    assert body(c)[:4] == BODY


def test_subheadings_of_an_article_above_a_title_that_names_another_piece_stay() -> None:
    # The page's only copy of the title is a headline at its end: the title-case lines before it
    # are the article's subheadings, not a menu above it, while the menu at the top still goes.
    menu = ["World", "Europe", "Politics"]
    sub = ["What The Ministers Decided", "Why Brussels Is Worried"]
    c = clean(page(menu, BODY[:2], sub[:1], BODY[2:3], sub[1:], BODY[3:], ["Most read", TITLE]), title=TITLE)
    assert [p.text for p in c.paragraphs] == BODY[:2] + sub[:1] + BODY[2:3] + sub[1:] + BODY[3:]
    assert [p.kind for p in c.paragraphs if p.text in sub] == ["heading", "heading"]
    assert {reasons(c)[m] for m in menu} == {C.LABEL}


def _write_source(folder: Path, slug: str, title: str, lines: list[str]) -> None:
    front = f'---\ntitle: "{title}"\nauthor: null\npublisher: null\ndate: 2024-03-12\nurl: null\n---\n'
    (folder / f"{slug}.md").write_text(front + page(lines), encoding="utf-8")


def test_a_short_line_other_captures_hold_is_the_sites_boilerplate_but_a_shared_sentence_stays(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    quote = "“We will not impose sanctions on Russia,” the president told reporters in Belgrade on Friday."
    label = "Independent news from the Balkans"  # the site's label between two paragraphs
    first = ["First article on the question", BODY[0], label, BODY[1], quote]
    _write_source(sources, "first", "First article on the question", first)
    _write_source(sources, "second", "Second article on the question", ["Second article on the question", BODY[2], label, BODY[3], quote])
    result = pipeline.build(pipeline.Settings(root=tmp_path))
    for a in result.articles:
        assert label not in [p.text for p in a.cleaned.paragraphs]
        assert reasons(a.cleaned)[label] == C.BOILERPLATE
        assert quote in [p.text for p in a.cleaned.paragraphs]
    # Alone, the label is a line like any other.
    alone = clean(page(first), title="First article on the question")
    assert label in [p.text for p in alone.paragraphs]


def test_check_lists_the_kept_lines_in_doubt_in_exact_words_and_does_not_fail(tmp_path: Path, capsys) -> None:
    from briefing.__main__ import main

    sources = tmp_path / "sources"
    sources.mkdir()
    summary = "A short summary of what Belgrade decided, and why."
    quote = "“We will not impose sanctions on Russia,” the president told reporters in Belgrade on Friday."
    first = [TITLE, summary, BODY[0], "Man**", BODY[1], "Hungary blocks EU statement on Ukraine as talks stall", BODY[2], quote]
    _write_source(sources, "first", TITLE, first)
    _write_source(sources, "second", "Another article", ["Another article", BODY[3] + " It was the third such vote. Few expected otherwise.", quote])
    assert main(["--root", str(tmp_path), "check"]) == 0
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"doubt: sources/first.md: the standfirst {C.DOUBT_STANDFIRST}: '{summary}'",
        f"doubt: sources/first.md: ¶ 2 {C.DOUBT_SHORT}: 'Man**'",
        f"doubt: sources/first.md: ¶ 4 {C.DOUBT_LINK}: 'Hungary blocks EU statement on Ukraine as talks stall'",
        f"doubt: sources/first.md: ¶ 6 {C.DOUBT_SHARED}: '{quote}'",
        f"doubt: sources/second.md: ¶ 2 {C.DOUBT_SHARED}: '{quote}'",
    ]
    assert out.out == "checked 2 sources: 0 problems, 5 doubtful lines to review\n"
    assert C.DOUBT_SHORT == "is short and not a sentence (a label or a button? list it in drop_lines)"
    assert C.DOUBT_LINK == "reads like another article's headline (a link? list it in drop_lines)"
    assert C.DOUBT_SHARED == "is also in another source's capture (a quote both cite, or the site's boilerplate?)"
    assert C.DOUBT_STANDFIRST == (
        "shows under the title and no topic page quotes it (if it is the article's first paragraph, report a cleaning mistake)"
    )


def test_the_stop_list_loads_without_lxml_s_html_cleaner() -> None:
    """The site build reads jusText's stop-list file alone: jusText's own module needs lxml's HTML
    cleaner, a separate package the build does not install (a fresh clone's first build failed on it)."""
    import subprocess
    import sys

    from conftest import ROOT

    code = (
        "import sys; sys.modules['lxml.html.clean'] = None\n"
        "from briefing.region import stoplist\n"
        "words = stoplist()\n"
        "assert 'the' in words and 'of' in words and len(words) > 300, len(words)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "scripts")})
    assert run.returncode == 0, run.stderr


def test_a_site_build_lists_the_doubts_as_information_and_a_quiet_build_does_not(tmp_path: Path) -> None:
    from conftest import copy_project, run_mkdocs

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    shown = run_mkdocs(project, tmp_path / "site")
    assert shown.returncode == 0, shown.stderr
    doubts = [line for line in shown.stderr.splitlines() if "doubt: sources/" in line]
    assert doubts and all(line.startswith("INFO") for line in doubts), shown.stderr
    quiet = run_mkdocs(project, tmp_path / "quiet", "-q")
    assert quiet.returncode == 0, quiet.stderr
    assert "doubt:" not in quiet.stderr


def test_a_buying_guides_product_cards_stay_inside_the_article_and_a_sidebar_of_deals_after_it_goes() -> None:
    # A list the article opens under a link-like heading: each item is a product card, and every
    # card ends on the same lines (a shop, a disclosure, a button), which no list of links does.
    guide = "Gadget makers cut their prices early this year, and these are the discounts worth a look before the holidays."
    cards = [
        ["Acme Buds", "Automatically on, automatically connected", "Charges quickly in the case", "$139.00"],
        ["Acme Watch", "Optical heart sensor", "Swim proof up to fifty metres", "$169.99"],
        ["Acme Tablet", "Eleven-inch display with true colour", "Up to ten hours of battery life", "$674.00"],
    ]
    shop = ["Available from Example Store", "Example Media may receive a commission", "Buy Now"]
    closing = "Prices change often, so check the shop before you buy, and remember that quantities may be limited."
    sidebar = ["Top Deals", "Acme Speaker", "Room-filling sound for small flats", "$49.99", *shop, "Acme Lamp", "Wake up with light", "$34.00", *shop]
    lines = [TITLE, guide, BODY[1], "Don't miss:"]
    for card in cards:
        lines += [*card, *shop]
    c = clean(page(lines, [closing], ["Tags: Deals"], sidebar), title=TITLE)
    kept = [p.text for p in c.paragraphs]
    for card in cards:
        assert set(card) <= set(kept)
    assert "Don't miss:" in kept and closing in kept
    got = reasons(c)
    assert got["Example Media may receive a commission"] == chrome.AFFILIATE  # the disclosure still goes
    assert {got[line] for line in ["Acme Speaker", "Room-filling sound for small flats", "Wake up with light"]} == {C.AFTER}
    # Under the same heading, a list of other articles' headlines goes, each shown once or twice
    # (over its picture and as its link).
    gas, lithium = "Gas deal with Russia extended for six months", "Serbia signs lithium memorandum with the EU"
    for related in (["Don't miss:", gas, lithium], ["Don't miss:", gas, gas, lithium, lithium]):
        c = clean(page([TITLE], BODY[:2], related, BODY[2:]), title=TITLE)
        assert body(c) == BODY
        assert {r.reason for r in c.removed if r.text in related} == {chrome.LINK_LIST}


def test_a_blurb_other_captures_hold_whole_is_boilerplate_but_one_story_published_twice_keeps_its_text(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    blurb = (
        "Example Corp is a global provider of hospital software. Its vision is to close information gaps. "
        "It is headquartered in Zurich and employs around 1,300 people."
    )
    quote = "“We will not impose sanctions on Russia,” the president told reporters in Belgrade on Friday."
    _write_source(sources, "first", "First article on the question", ["First article on the question", *BODY[:2], quote, "About Example Corp", blurb])
    _write_source(sources, "second", "Second article on the question", ["Second article on the question", *BODY[2:], quote, "About Example Corp", blurb])
    result = pipeline.build(pipeline.Settings(root=tmp_path))
    for a in result.articles:
        assert reasons(a.cleaned)[blurb] == C.BOILERPLATE
        assert quote in [p.text for p in a.cleaned.paragraphs]  # one sentence both quote stays
    # Shared paragraphs that are most of the article (a story quoted at length, or published
    # twice, which the build reports) stay: the article is not emptied.
    story = [TITLE, *BODY[:2], blurb, blurb.replace("Zurich", "Basel"), blurb.replace("Zurich", "Bern")]
    raw = page(story)
    c = clean(raw, title=TITLE, shared=C.line_keys(raw))
    assert [p.text for p in c.paragraphs] == story[1:]


def test_a_pages_citation_and_rights_notice_go_and_the_studys_reference_stays_after_the_article() -> None:
    reference = "More information: A. Roe et al. Gas storage in the Western Balkans, Energy Policy (2019)."
    cite = "Citation: Serbia stays out of new sanctions round (2019, November 18) retrieved 20 November 2019 from https://example.org/news/serbia"
    rights = (
        "This document is subject to copyright. Apart from any fair dealing for the purpose of private study or "
        "research, no part may be reproduced without the written permission. The content is provided for information purposes only."
    )
    # The same words inside the article are its text.
    inside = "The photographs are subject to copyright, the court said, and the paper retrieved them from an archive."
    c = clean(page([TITLE], BODY[:2], [inside], BODY[2:], [reference, cite, rights]), title=TITLE)
    assert body(c) == [*BODY[:2], inside, *BODY[2:]]
    assert c.further_reading == (reference,)
    got = reasons(c)
    assert got[cite] == chrome.CITE_PAGE
    assert got[rights] == chrome.COPYRIGHT


def test_a_caption_dated_as_an_agency_dates_it_or_saying_what_the_picture_is_goes_and_a_sentence_stays() -> None:
    captions = [
        "Teachers wearing red carry signs as they rally at the Statehouse in Belgrade, Tuesday, Nov. 19, 2019, calling for higher pay.",
        "Serbian forward Ana Roe scores during the first half of the game against Hungary on Tuesday, Nov. 19, 2019, in Belgrade.",
        # Or says what the picture is.
        "An artist's illustration of the planned pipeline crossing the Danube near Novi Sad.",
        "A satellite took this image of the Danube delta in February, six hours after the flood peaked.",
    ]
    said = "The agreement, signed in the spring, took effect on Tuesday, November 19, the ministry said."
    c = clean(page([TITLE], BODY[:2], captions[:1], [said], BODY[2:3], captions[1:], BODY[3:]), title=TITLE)
    assert body(c) == [*BODY[:2], said, *BODY[2:]]
    assert {reasons(c)[line] for line in captions} == {chrome.CREDIT}


def test_the_sites_mail_blurb_ends_the_article_and_the_teasers_after_it_go() -> None:
    mail = ["Every day we send an email with the top stories from Example News.", "Subscribe"]
    teasers = [
        "GAS GAMES",
        "Why the Balkan pipeline keeps changing its route",
        "Engineers have redrawn the route of the pipeline three times in a year, and each time a new country objected to the plan.",
        "LAKE LIFE",
        "The fishermen of Lake Ohrid and the slow end of a trade",
        "For generations the families around the lake have lived from its trout. Then the quotas arrived, and the young left for the cities.",
    ]
    inbox = "The ministry said it would answer every letter in its inbox by Friday, as the law requires it to do."
    c = clean(page([TITLE], BODY[:2], [inbox], BODY[2:], mail, teasers), title=TITLE)
    assert body(c) == [*BODY[:2], inbox, *BODY[2:]]
    got = reasons(c)
    assert got[mail[0]] == C.NEWSLETTER
    assert {got[line] for line in teasers} == {C.AFTER}


def test_more_with_a_colon_opens_a_list_of_links_and_more_among_share_buttons_is_a_button() -> None:
    inline = ["More:", "Gas deal with Russia extended for six months", "Serbia signs lithium memorandum with the EU"]
    c = clean(page([TITLE], ["Share", "More"], BODY[:2], inline, BODY[2:]), title=TITLE)
    assert body(c) == BODY
    got = reasons(c)
    assert {got[line] for line in inline} == {chrome.LINK_LIST}
    assert got["More"] == chrome.SHARE
