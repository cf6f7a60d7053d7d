#!/usr/bin/env python3
"""Generates N seed-like Hexo posts for folio's benchmarks.

usage: gen_corpus.py N OUT_DIR [--seed S]

Each post looks like ../seeds/*.txt: a blank line, YAML front matter with a
quoted title, an RFC 2822 date, headimg/thumbnail/author/comments, 2-3 level
categories, 1-5 tags from a pool of ~200 Chinese and English tags, and a
~11 KB HTML body built from the seeds' paragraphs. Also writes
OUT_DIR/rows.jsonl: the same posts as parsed rows, for the baselines.
"""
import argparse
import json
import os
import random
import re
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "seeds")

ENGLISH_TAGS = """fintech blockchain AI cloud SaaS IoT 5G big-data startup venture
ecommerce payments banking insurance regtech open-banking API mobile
security privacy compliance crypto wallet lending credit risk analytics
product growth marketing design UX ops devops data platform infra
Rust Go Python edge chip robotics EV energy climate health""".split()


def paragraphs():
    out = []
    for name in sorted(os.listdir(SEEDS)):
        text = open(os.path.join(SEEDS, name), encoding="utf-8").read()
        out += re.findall(r"<p[^>]*>.*?</p>", text, flags=re.S)
        out += re.findall(r"<h2[^>]*>.*?</h2>", text, flags=re.S)
    return [p for p in out if len(p) > 40]


def plain(html):
    return re.sub(r"<[^>]+>", "", html)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    paras = paragraphs()
    text = "".join(plain(p) for p in paras)
    runs = [r for r in re.split(r"[^\u4e00-\u9fff]+", text) if len(r) >= 2]
    chinese_tags = sorted({r[i:i + rnd.choice((2, 2, 3, 4))] for r in runs for i in range(0, len(r) - 4, 7)})
    rnd.shuffle(chinese_tags)
    tag_pool = chinese_tags[:150] + ENGLISH_TAGS[:50]
    roots = ["新媒体", "科技", "财经", "产品"]
    mids = ["高科技行业门户", "人人都是产品经理", "金融科技", "创业", "投资", "互联网", "数字经济", "区块链", "人工智能", "消费"]
    leaves = ["新闻", "最新文章", "深度", "观点", "专栏"]
    posts_dir = os.path.join(args.out, "source", "_posts")
    os.makedirs(posts_dir, exist_ok=True)
    start = datetime(2015, 1, 1, tzinfo=timezone.utc)
    with open(os.path.join(args.out, "rows.jsonl"), "w", encoding="utf-8") as rows:
        for i in range(args.n):
            title_run = rnd.choice(runs)
            cut = rnd.randint(0, max(0, len(title_run) - 8))
            title = title_run[cut:cut + rnd.randint(8, 24)] + rnd.choice(["？", "", "：观察", ""])
            date = start + timedelta(seconds=rnd.randint(0, 10 * 365 * 86400))
            tags = rnd.sample(tag_pool, rnd.randint(1, 5))
            cats = [rnd.choice(roots), rnd.choice(mids)] + ([rnd.choice(leaves)] if rnd.random() < 0.7 else [])
            author = cats[1]
            img = f"https://picsum.photos/400/300?random={rnd.randint(1, 99999)}"
            body_parts, size = [], 0
            while size < 11000:
                p = rnd.choice(paras)
                body_parts.append(p)
                size += len(p.encode("utf-8"))
            body = "\n<div>   \n" + "".join(body_parts) + " \n  \n</div>\n            "
            fm = ["", "---", f"title: '{title}'", "categories: "]
            fm += [f" - {c}" for c in cats]
            fm += ["tags: "] + [f" - {t}" for t in tags]
            fm += [f"headimg: '{img}'", f"author: {author}", "comments: false",
                   f"date: {format_datetime(date, usegmt=True)}", f"thumbnail: '{img}'", "---", ""]
            name = f"{i:06d}_{rnd.getrandbits(64):016x}"
            with open(os.path.join(posts_dir, name + ".md"), "w", encoding="utf-8") as f:
                f.write("\n".join(fm) + body)
            rows.write(json.dumps({"slug": name, "title": title, "date": date.isoformat(), "tags": tags,
                                   "categories": cats, "author": author, "body": body,
                                   "text": plain(body)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
