"""Benchmark: a synthetic corpus of N raw dumps, timed through the pipeline, the site, the PDF and plain MkDocs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .clean import CAPTION, COMMENTS, NEWSLETTER, TAGLINE, URL
from .sources import load_sources

_AUTHORS = (None, "Ana Petrović", "John Smith", "Marta Kovač", "Ivan Horvat", "Lena Novak")
_PUBLISHERS = (None, "Balkan Review", "Policy Weekly", "East–West Monitor", "The Danube Post")
_JUNK_REASONS = (CAPTION, NEWSLETTER, COMMENTS, TAGLINE, URL)


@dataclass(frozen=True)
class Seeds:
    """What the synthetic corpus is made of: the seeds' body paragraphs and their kinds of junk."""

    paragraphs: tuple[str, ...]
    junk: tuple[str, ...]
    titles: tuple[str, ...]


def load_seeds(sources_dir: Path) -> Seeds:
    articles = [pipeline.make_article(s) for s in load_sources(sources_dir)]
    paragraphs = tuple(p.text for a in articles for p in a.cleaned.body)
    junk = tuple(sorted({r.text for a in articles for r in a.cleaned.removed if r.reason in _JUNK_REASONS}))
    return Seeds(paragraphs=paragraphs, junk=junk, titles=tuple(a.meta.title for a in articles))


def _vary(paragraph: str, i: int) -> str:
    """A seed paragraph made this dispatch's own: every sixth word, when it is a plain lower-case
    word, becomes one of this dispatch's. Dispatches share seed paragraphs, and without this the
    build takes many pairs for near-duplicates (duplicates.SIMILAR); with it, no 5-word run
    outlives a sixth-word change, and sentence ends, capitals and numbers stay as they were."""
    words = paragraph.split(" ")
    for n in range(5, len(words), 6):
        if words[n].isalpha() and words[n].islower():
            words[n] = f"d{i}w{n}"
    return " ".join(words)


def synthetic_source(i: int, seeds: Seeds) -> str:
    """One raw dump with front matter: shuffled seed paragraphs, junk of the seeds' kinds, unique facts."""
    rng = random.Random(i)
    body = [_vary(p, i) for p in rng.sample(seeds.paragraphs, k=min(len(seeds.paragraphs), rng.randint(8, 18)))]
    body[0] = f"Dispatch {i} opens with this sentence. {body[0]}"
    title = f"{rng.choice(seeds.titles)} (dispatch {i})"
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    author, publisher = rng.choice(_AUTHORS), rng.choice(_PUBLISHERS)
    lines = ["Analysis Europe Balkans", "", title, "", f"A short standfirst for dispatch {i}.", ""]
    lines += [rng.choice(seeds.junk), "", body[0][0], "", body[0][1:], ""]
    for n, para in enumerate(body[1:], start=1):
        lines += [para.replace(" ", "\u00a0", 1), ""]
        if n == 3:
            lines += [para.split(". ")[0].rstrip("."), ""]  # a pull-quote
        if rng.random() < 0.2:
            lines += [rng.choice(seeds.junk), ""]
    if i % 5 == 0:  # a body repeated after page chrome
        lines += ["www.example.org", "", title, ""] + [p for para in body for p in (para, "")]
    lines += ["Subscribe to our weekly newsletter", "", "Leave a Reply", ""]
    front = [
        "---",
        f'title: "{title}"',
        f'author: "{author}"' if author else "author: null",
        f'publisher: "{publisher}"' if publisher else "publisher: null",
        f"date: {date.isoformat()}",
        f"url: https://example.org/bench/{i}",
        "---",
    ]
    return "\n".join(front) + "\n" + "\n".join(lines)


def make_project(root: Path, n: int, repo: Path) -> Path:
    """A briefing project in ``root`` with N synthetic sources, using this repo's config and code."""
    seeds = load_seeds(repo / "sources")
    (root / "sources").mkdir(parents=True)
    for i in range(n):
        (root / "sources" / f"dispatch-{i:05d}.md").write_text(synthetic_source(i, seeds), encoding="utf-8")
    for name in ("docs", "overrides"):
        shutil.copytree(repo / name, root / name)
    for name in ("mkdocs.yml", "topics.yml"):
        if (repo / name).exists():
            shutil.copy2(repo / name, root / name)
    # The site build and the PDF are timed apart: plain MkDocs, the yardstick, makes no PDF.
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  briefing:\n", "\n  briefing:\n    pdf: false\n", 1), encoding="utf-8")
    (root / "scripts").symlink_to(repo / "scripts", target_is_directory=True)
    return root


def breakdown_of(n: int, repo: Path) -> dict[str, float]:
    """``breakdown`` on a synthetic corpus of N sources (the one `bench` builds)."""
    work = Path(tempfile.mkdtemp(prefix=f"briefing-breakdown-{n}-"))
    try:
        project = make_project(work / "project", n, repo)
        print(f"corpus: {n} synthetic sources; CPU seconds in one process, part by part", flush=True)
        return breakdown(project)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def breakdown(project: Path) -> dict[str, float]:
    """Where the CPU of a build goes, part by part, in this process, one source or page after another
    (``time.process_time``: less moved than wall time by a machine that speeds up or slows down).

    The parts are what the pipeline does for each source (_make's, in the order it does them), what
    making every generated page's HTML takes by kind of page, and what the hook does to each page's
    HTML (handover). Not here: the stages that span sources (duplicates, grouping, under a tenth of a
    second at 1,000 sources) and MkDocs' own share (the theme, writing the files): `bench` times the
    whole build against plain MkDocs. Returns seconds per part, and prints them."""
    from . import handover, timeline  # noqa: PLC0415 - only this measurement needs them
    from .clean import corpus_kept, line_keys  # noqa: PLC0415
    from .duplicates import sketch, text_key, url_key  # noqa: PLC0415
    from .passages import quotes_per_topic  # noqa: PLC0415
    from .sources import read_bytes, source_files, source_from_bytes  # noqa: PLC0415

    settings = pipeline.Settings(root=project, parallel_from=10**9)  # all in this process, where it is timed
    topics, _ = pipeline.read_topics(settings)
    spent: dict[str, float] = {}

    def timed(part: str, work):  # noqa: ANN001, ANN202
        start = time.process_time()
        value = work()
        spent[part] = spent.get(part, 0.0) + time.process_time() - start
        return value

    with pipeline.collector_paused():
        for file in source_files(settings.sources_dir):
            source = timed("read and validate", lambda f=file: source_from_bytes(read_bytes(f, f.name), f, f.name))
            article = timed("clean and cite", lambda s=source: pipeline.make_article(s))
            timed("select passages", lambda a=article: quotes_per_topic(topics, a))
            timed("dates (the Timeline's)", lambda a=article: timeline.dated(a))
            timed("near-duplicate sketch", lambda a=article: sketch(pipeline.article_text(a)))
            timed("duplicate keys", lambda s=source: (text_key(s.raw), url_key(s.meta.url)))
            timed("corpus line keys", lambda s=source, a=article: (line_keys(s.raw), corpus_kept(a.cleaned)))
        build = pipeline.build(settings)  # for its pages (its own time is not a part: it makes each source again)
        sources = {f"sources/{a.slug}.md" for a in build.articles}
        for page in build.pages:
            kind = ("source pages" if page.uri in sources else "topic pages" if page.uri.startswith("topics/") and page.uri != "topics/index.md"
                    else "Timeline" if page.uri.startswith("timeline/") else "other pages")
            body = timed(f"HTML: {kind}", lambda p=page: p.body)
            if page.uri.endswith(".md"):
                timed("handover: links", lambda b=body, u=page.uri: handover.resolve_links(b, u, lambda target, href: target))
                timed("handover: search entries", lambda b=body: handover.search_sections(b, "title"))
                timed("handover: outline and anchors", lambda b=body: (handover.headings(b), handover.anchors(b)))
    total = sum(spent.values())
    for part, seconds in spent.items():
        print(f"  {part:<34} {seconds:8.2f} s   {100 * seconds / total:5.1f} %", flush=True)
    print(f"  {'total':<34} {total:8.2f} s of CPU", flush=True)
    return spent


def make_reference(root: Path, project: Path, nav: bool) -> Path:
    """Plain MkDocs + Material building the same raw texts as plain pages (the yardstick)."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Reference\n", encoding="utf-8")
    names = []
    for src in sorted((project / "sources").glob("*.md")):
        (docs / src.name).write_text(src.read_text(encoding="utf-8").split("\n---\n", 1)[-1], encoding="utf-8")
        names.append(src.name)
    config = ["site_name: Reference", "theme:", "  name: material", "  font: false", "nav:", "  - index.md"]
    if nav:
        config += [f"  - {name}" for name in names]
    (root / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return root


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the most memory the command's processes held together (see run_command)


def _tree(pid: int) -> list[int]:
    """A process and its descendants (Linux /proc)."""
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [q for child in f.read().split() for q in _tree(int(child))]
    except OSError:
        pass
    return out


def _pss_kb(pid: int) -> int:
    """Proportional set size: the process's own pages, plus its share of pages it shares (a
    forked child shares most of its parent's), so the sum over processes counts each page once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def run_command(cmd: list[str], cwd: Path, memory: bool = False) -> Run:
    """Run a command; its wall time and, with ``memory``, its peak memory: the largest sum of PSS
    over the command and its child processes, sampled every 50 ms (where /proc is not there: the
    largest single process's peak resident size).

    Sampling is not free: reading smaps_rollup walks the process's page tables under its memory
    lock, which made the 100-source PDF (900 MB) 20 % slower. So runs that are timed are not
    sampled, and memory is measured in a run of its own."""
    scripts = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=os.pathsep.join(filter(None, [scripts, os.environ.get("PYTHONPATH")])))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    if memory and os.path.exists("/proc/self/smaps_rollup"):
        sampler.start()
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    if sampler.is_alive():
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return Run(seconds, (peak[0] or usage.ru_maxrss) / 1024)


def mkdocs_build(project: Path, site: Path, memory: bool = False) -> Run:
    if site.exists():
        shutil.rmtree(site)
    return run_command([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)], project, memory)


# The measure of a machine: read, six regex substitutions, write, over each source file.
# Its budgets in seconds were set where this took 0.75 s per 1,000 files. A rough guide only: it
# is mostly C and disk, so it moves less than Python code does between machines (measured: 0.95 s
# here while plain MkDocs took 1.9 times the figure); plain MkDocs, built in the same run,
# is the better yardstick for reading the absolute budgets.
_YARDSTICK_RULES = tuple((re.compile(p, f), r) for p, f, r in (
    (r"[ \t]+\n", 0, "\n"), (r"\n{3,}", 0, "\n\n"), (r"\u00a0", 0, " "),
    (r"^subscribe to .*$", re.I | re.M, ""), (r"^leave a reply$", re.I | re.M, ""), (r"https?://\S+", 0, "<url>"),
))
YARDSTICK_REFERENCE = 0.75
# Plain MkDocs with a small nav at 1,000 sources, on the machine (its other reference).
PLAIN_SMALL_REFERENCE = 6.7


@dataclass(frozen=True)
class Budget:
    """One of the issue's budgets: ``figure`` (a name ``bench`` reports) at most ``limit`` at ``n`` sources."""

    text: str
    n: int
    figure: str
    limit: float
    absolute: bool  # seconds on the machine, so also read scaled; else a ratio or memory


BUDGETS = (
    Budget("pipeline alone at most 2 s", 1000, "pipeline alone", 2.0, True),
    Budget("serve rebuild under 0.2 s", 1000, "serve rebuild, one source edited", 0.2, True),
    Budget("site at most 0.4 x plain MkDocs, every page in nav", 1000, "ratio to plain, every page in nav", 0.4, False),
    Budget("site at most 1.3 x plain MkDocs, small nav", 1000, "ratio to plain, small nav", 1.3, False),
    Budget("PDF at most 10 s", 100, "PDF (pipeline + Typst)", 10.0, True),
    Budget("peak memory under 1 GB, site build", 5000, "peak memory MB, site build", 1000.0, False),
    Budget("peak memory under 1 GB, PDF", 5000, "peak memory MB, PDF", 1000.0, False),
)


def budget_lines(n: int, results: dict[str, float]) -> list[str]:
    """Each budget set at ``n`` sources whose figure was measured, and whether it is met.

    A budget in seconds holds on the machine the issue measured its references on, so such a figure
    is also given scaled to that machine by each reference measured in this run: the yardstick (for
    the pipeline, the median of its per-run ratios, the two being run in turn) and, at 1,000
    sources, plain MkDocs with a small nav."""
    lines = []
    for b in BUDGETS:
        if b.n != n or b.figure not in results:
            continue
        value = results[b.figure]
        readings = [("", value)]
        if b.absolute:
            if b.figure == "pipeline alone" and "ratio pipeline / yardstick" in results:
                readings.append(("scaled by the yardstick", results["ratio pipeline / yardstick"] * YARDSTICK_REFERENCE))
            elif "machine yardstick, per 1,000 files" in results:
                readings.append(("scaled by the yardstick", value * YARDSTICK_REFERENCE / results["machine yardstick, per 1,000 files"]))
            if n == 1000 and "plain MkDocs, small nav" in results:
                readings.append(("scaled by plain MkDocs", value * PLAIN_SMALL_REFERENCE / results["plain MkDocs, small nav"]))
        lines.append(f"{b.text}: " + "; ".join(
            f"{how + ' ' if how else ''}{v:.2f} {'met' if v <= b.limit else 'NOT met'}" for how, v in readings
        ))
    return lines


def yardstick_run(project: Path, out: Path) -> Run:
    """Seconds per 1,000 files for read + six regex substitutions + write over the corpus."""
    out.mkdir(parents=True, exist_ok=True)
    files = sorted((project / "sources").glob("*.md"))
    t = time.perf_counter()
    for f in files:
        text = f.read_text(encoding="utf-8")
        for rule, repl in _YARDSTICK_RULES:
            text = rule.sub(repl, text)
        (out / f.name).write_text(text, encoding="utf-8")
    return Run((time.perf_counter() - t) * 1000 / len(files), 0.0)


def pipeline_run(project: Path) -> Run:
    """The pipeline alone, in a fresh interpreter so every run starts cold."""
    code = "\n".join([
        "import sys, time",
        "from pathlib import Path",
        "sys.path.insert(0, sys.argv[2])",
        "from briefing import pipeline",
        "t = time.perf_counter()",
        "with pipeline.collector_paused():  # as the site build runs it",
        "    b = pipeline.build(pipeline.Settings(root=Path(sys.argv[1])))",
        "    n = sum(len(c) for _, c in pipeline.contents(b))  # pages are rendered on demand: render them all",
        "print(time.perf_counter() - t)",
    ])
    out = subprocess.run(
        [sys.executable, "-c", code, str(project), str(Path(__file__).resolve().parent.parent)],
        capture_output=True, text=True, check=True,
    )
    return Run(float(out.stdout.strip().splitlines()[-1]), 0.0)


_REBUILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from briefing import pipeline
from briefing.cache import Cache
root = Path(sys.argv[1])
settings, cache = pipeline.Settings(root=root), Cache()
with pipeline.collector_settled():  # as `mkdocs serve` runs it
    n = sum(len(p.body) for p in pipeline.build(settings, cache).pages)
source = sorted((root / "sources").glob("*.md"))[len(list((root / "sources").glob("*.md"))) // 2]
text = source.read_text(encoding="utf-8")
source.write_text(text.replace(" opens with this sentence.", " opens with this edited sentence."), encoding="utf-8")
t = time.perf_counter()
with pipeline.collector_settled():
    b = pipeline.build(settings, cache)
n = sum(len(p.body) for p in b.pages)  # every page, as `mkdocs serve` asks for them (most from the cache)
print(time.perf_counter() - t, cache.misses)
source.write_text(text, encoding="utf-8")
"""


def rebuild_run(project: Path) -> Run:
    """What `mkdocs serve` redoes in the pipeline after one source is edited (warm cache)."""
    out = subprocess.run(
        [sys.executable, "-c", _REBUILD, str(project), str(Path(__file__).resolve().parent.parent)],
        capture_output=True, text=True, check=True,
    )
    return Run(float(out.stdout.split()[0]), 0.0)


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def bench(
    n: int, runs: int, repo: Path, reference: bool = True, pdf: bool = True, keep: Path | None = None,
    reference_runs: int | None = None, pdf_runs: int | None = None,
) -> dict[str, float]:
    """Measure everything on one corpus of N sources; print the figures and ratios as they come."""
    work = Path(tempfile.mkdtemp(prefix=f"briefing-bench-{n}-")) if keep is None else keep
    try:
        project = make_project(work / "project", n, repo)
        others = [f"{what} {k}" for what, k in (("plain MkDocs", reference_runs), ("PDF", pdf_runs)) if k and k != runs]
        print(f"corpus: {n} synthetic sources in {project}; {os.cpu_count()} cores; median of {runs} {'run' if runs == 1 else 'runs'}"
              + "".join(f", {o}" for o in others) + "; peak memory from one more run, sampled", flush=True)
        results: dict[str, float] = {}

        def report(name: str, measured: list[Run], unit: str = "s") -> None:
            results[name] = median(measured)
            all_runs = ", ".join(f"{r.seconds:.2f}" for r in measured)
            print(f"  {name:<34} {results[name]:8.2f} {unit}   (runs: {all_runs})", flush=True)

        # The yardstick and the pipeline in turn, run after run, as the site and plain MkDocs below.
        yard_runs: list[Run] = []
        pipe_runs: list[Run] = []
        for i in range(max(runs, 3)):
            yard_runs.append(yardstick_run(project, work / "yardstick"))
            if i < runs:
                pipe_runs.append(pipeline_run(project))
        report("machine yardstick, per 1,000 files", yard_runs)
        print(f"  {'':<34} (read + six regex substitutions + write; the issue's budgets assume {YARDSTICK_REFERENCE} s)", flush=True)
        report("pipeline alone", pipe_runs)
        # The yardstick is per 1,000 files: over the same N files, it took y * N / 1,000.
        results["ratio pipeline / yardstick"] = statistics.median(
            p.seconds / (y.seconds * n / 1000) for p, y in zip(pipe_runs, yard_runs)
        )
        print(f"  {'ratio pipeline / yardstick:':<48} {results['ratio pipeline / yardstick']:.2f}   (the yardstick over the same {n} files)", flush=True)
        report("serve rebuild, one source edited", [rebuild_run(project) for _ in range(runs)])
        labels = {True: "plain MkDocs, every page in nav", False: "plain MkDocs, small nav"}
        refs = {nav: make_reference(work / f"reference-{'nav' if nav else 'small'}", project, nav) for nav in labels} if reference else {}
        site_runs: list[Run] = []
        ref_runs: dict[bool, list[Run]] = {nav: [] for nav in refs}
        # The site and its yardsticks are built in turn, run after run, so that a machine that
        # speeds up or slows down during the benchmark (a shared one does) affects them alike; the
        # small-nav yardstick right after the site (the ratio it gives is the tighter budget), then
        # the every-page one, which takes several times as long.
        for i in range(max(runs, reference_runs or runs)):
            if i < runs:
                site_runs.append(mkdocs_build(project, work / "site"))
            for nav in sorted(refs):  # False (small nav) first
                if i < (reference_runs or runs):
                    ref_runs[nav].append(mkdocs_build(refs[nav], work / "ref-site"))
        report("full site build (no PDF)", site_runs)
        results["peak memory MB, site build"] = mkdocs_build(project, work / "site", memory=True).peak_mb
        if pdf and importlib.util.find_spec("briefing.pdf") is not None:
            command = [sys.executable, "-m", "briefing", "--root", str(project), "pdf", str(work / "pdf" / "briefing.pdf")]
            report("PDF (pipeline + Typst)", [run_command(command, project) for _ in range(pdf_runs or runs)])
            results["peak memory MB, PDF"] = run_command(command, project, memory=True).peak_mb
            # Above the volume line (pdf_volume_sources) the book is several files, written beside it.
            files = sorted((work / "pdf").glob("*.pdf"))
            results["PDF files"] = len(files)
            results["PDF size MB"] = sum(f.stat().st_size for f in files) / 1e6
            print(f"  {'PDF size':<34} {results['PDF size MB']:8.2f} MB in {len(files)} {'file' if len(files) == 1 else 'files'}", flush=True)
        for name in ("peak memory MB, site build", "peak memory MB, PDF"):
            if name in results:
                print(f"  {name:<34} {results[name]:8.1f}", flush=True)
        for nav, measured in ref_runs.items():
            report(labels[nav], measured)
        for nav, measured in ref_runs.items():
            name = f"ratio to plain, {'every page in nav' if nav else 'small nav'}"
            # Each run's site build over the yardstick built right after it; the median of those.
            results[name] = statistics.median(site.seconds / ref.seconds for site, ref in zip(site_runs, measured))
            of_medians = results["full site build (no PDF)"] / results[labels[nav]]
            label = f"ratio site / {labels[nav]}:"
            print(f"  {label:<48} {results[name]:.2f}   (ratio of the medians: {of_medians:.2f})", flush=True)
        lines = budget_lines(n, results)
        if lines:
            print(f"budgets set at {n} sources (scaled: to the machine the issue measured its references on)", flush=True)
            for line in lines:
                print(f"  {line}", flush=True)
        return results
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
