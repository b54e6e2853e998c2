"""Search latency: `python -m bench.search [--queries 200]`.

p50 and p95 of Store.search (matching, ranking, highlight and snippet) over
the shipped content and over a synthetic set 100x larger, for word queries
and for Burmese substrings; and the size of the shipped search database.
Targets: word p95 <= 5 ms at 1x and <= 10 ms at 100x; Burmese p95 <= 8 ms at
1x and <= 30 ms at 100x; shipped index <= 7 MB.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from app import paths
from app.content.articles import load_articles
from app.content.registry import load_registry
from app.core.articles import Article
from app.core.search import plain_text
from app.store.store import Store, open_store

#: Burmese text for the synthetic set when the shipped content has little
BURMESE_WORDS = [
    "နိုင်ငံကူးလက်မှတ်",
    "အလုပ်ရှင်",
    "လုပ်ခ",
    "အခွင့်အရေး",
    "အကူအညီ",
    "စာချုပ်",
    "အလုပ်သမား",
    "သမဂ္ဂ",
    "ကျန်းမာရေး",
    "ဘေးကင်းရေး",
    "အနားယူချိန်",
    "ပွဲစားခ",
    "ကြွေးမြီ",
    "သံရုံး",
    "တိုင်ကြားမှု",
]


def synthetic_burmese(rng: random.Random, n: int) -> list[Article]:
    template = next(iter(load_articles(paths.RIGHTS_DIR).articles))
    out = []
    for i in range(n):
        body = "".join(rng.choice(BURMESE_WORDS) for _ in range(300)) + "။\n"
        header = dataclasses.replace(
            template.header, id=f"burmese-{i}", title=BURMESE_WORDS[i % 15]
        )
        out.append(Article(lang="my", header=header, body=body))
    return out


def scaled(articles: list[Article], factor: int, rng: random.Random) -> list[Article]:
    """factor copies of every article, each with its words shuffled."""
    out = []
    for copy in range(factor):
        for a in articles:
            words = a.body.split()
            rng.shuffle(words)
            header = dataclasses.replace(a.header, id=f"{a.id}-{copy}")
            out.append(Article(lang=a.lang, header=header, body=" ".join(words)))
    return out


def time_queries(store: Store, queries: list[tuple[str, tuple[str, ...]]], trigram) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for q, chain in queries:
        t0 = time.perf_counter()
        store.search(q, chain, trigram)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    registry = load_registry(paths.LANGUAGES_FILE)
    trigram = registry.trigram_languages()
    shipped = load_articles(paths.RIGHTS_DIR, languages=registry.codes).articles
    burmese = [a for a in shipped if a.lang in trigram] or synthetic_burmese(rng, 30)
    base = [a for a in shipped if a.lang not in trigram] + burmese

    word_queries = []
    for a in rng.choices([a for a in base if a.lang not in trigram], k=args.queries):
        words = [w for w in plain_text(a.body).split() if len(w) > 3]
        word_queries.append((rng.choice(words).strip(".,:;!?()\"'"), registry.chain(a.lang)))
    gram_queries = []
    for a in rng.choices(burmese, k=args.queries):
        text = plain_text(a.body).replace(" ", "")
        start = rng.randrange(0, max(1, len(text) - 4))
        gram_queries.append((text[start : start + 4], registry.chain("my")))

    with tempfile.TemporaryDirectory() as tmp:
        for label, factor in (("1x", 1), ("100x", 100)):
            store = open_store(Path(tmp) / f"{label}.db")
            corpus = base if factor == 1 else scaled(base, factor, rng)
            t0 = time.perf_counter()
            store.replace_content(corpus, label, trigram_languages=trigram)
            build = time.perf_counter() - t0
            store.db.execute("vacuum")
            pages = store.db.execute("pragma page_count").fetchone()[0]
            size = pages * store.db.execute("pragma page_size").fetchone()[0] / 1e6
            words = time_queries(store, word_queries, trigram)
            grams = time_queries(store, gram_queries, trigram)
            print(
                f"{label}: {len(corpus)} articles, built in {build:.1f}s, database {size:.2f} MB; "
                f"word queries p50 {pct(words, 50):.2f} ms p95 {pct(words, 95):.2f} ms; "
                f"Burmese substrings p50 {pct(grams, 50):.2f} ms p95 {pct(grams, 95):.2f} ms",
                flush=True,
            )
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
