#!/usr/bin/env python3
"""Zips a folder of Hexo posts for folio's HTTP import benchmark.

usage: zip_posts.py POSTS_DIR OUT.zip [--prefix P]

Every file goes in at the zip's top level, deflated; `--prefix` is put
before each file name, so the same corpus imports again as new articles
(slugs come from file names).
"""
import argparse
import os
import zipfile

parser = argparse.ArgumentParser()
parser.add_argument("posts")
parser.add_argument("out")
parser.add_argument("--prefix", default="")
args = parser.parse_args()
tmp = args.out + ".part"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for name in sorted(os.listdir(args.posts)):
        z.write(os.path.join(args.posts, name), args.prefix + name)
os.replace(tmp, args.out)
