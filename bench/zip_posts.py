#!/usr/bin/env python3
"""Zips a folder of Hexo posts for folio's HTTP import benchmark.

usage: zip_posts.py POSTS_DIR OUT_PREFIX [--prefix P] [--per-zip N]

Writes OUT_PREFIX-1.zip, OUT_PREFIX-2.zip, … of at most N posts each
(default 25,000: 100,000 posts of ~11 KB unpack to more than the 1 GiB an
archive may hold). Every file goes in at the zip's top level, deflated;
`--prefix` is put before each file name, so the same corpus imports again
as new articles (slugs come from file names).
"""
import argparse
import os
import zipfile

parser = argparse.ArgumentParser()
parser.add_argument("posts")
parser.add_argument("out")
parser.add_argument("--prefix", default="")
parser.add_argument("--per-zip", type=int, default=25000)
args = parser.parse_args()
names = sorted(os.listdir(args.posts))
for part, start in enumerate(range(0, len(names), args.per_zip), 1):
    out = f"{args.out}-{part}.zip"
    with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name in names[start : start + args.per_zip]:
            z.write(os.path.join(args.posts, name), args.prefix + name)
    os.replace(out + ".part", out)
