#!/usr/bin/env python3
"""Every old address of a real Hexo blog, asked of folio after the blog was
imported whole (issue 18's "old URLs keep working").

usage: old_urls.py FOLIO_BINARY BLOG_DIR...

For each blog: `folio import BLOG_DIR` into an empty database (the whole
site: posts, drafts, pages, images); Hexo 8 itself (tests/hexo/read.js, in
the site's zone) gives the address of every published post, every Markdown or HTML page, and
every tag and category with a published post; `folio serve` on 127.0.0.1 is
asked for each. Prints a row a blog: how many answered 301 to a 200, 200 at
once (folio's own address is the same), and anything else, with examples.
"""
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
READ_JS = os.path.join(HERE, "..", "..", "tests", "hexo", "read.js")
PORT = 18123


def zone_of(blog):
    try:
        for line in open(os.path.join(blog, "_config.yml"), encoding="utf-8"):
            if line.startswith("timezone:"):
                zone = line.split(":", 1)[1].strip().strip("'\"")
                if zone:
                    return zone
    except OSError:
        pass
    return "UTC"


def get(path):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    return r.status, r.getheader("Location")


def check(folio, blog):
    work = tempfile.mkdtemp()
    env = dict(
        os.environ,
        FOLIO_DATABASE_URL=f"sqlite://{work}/folio.db",
        FOLIO_BIND=f"127.0.0.1:{PORT}",
        FOLIO_ADMIN_EMAIL="parity@example.com",
        FOLIO_ADMIN_PASSWORD="Tq8#vLr2!mZp9wKc",
    )
    subprocess.run([folio, "import", "--no-atomic", "--on-duplicate-slug", "rename", blog],
                   env=env, capture_output=True, check=False)
    hexo = json.loads(subprocess.run(["node", READ_JS, blog], env=dict(os.environ, TZ=zone_of(blog)),
                                     capture_output=True, check=True).stdout)
    published = [p for p in hexo["posts"] if p["source"].startswith("_posts/") and p["published"]]
    tag_names = {t for p in published for t in p["tags"]}
    category_names = {n for p in published for path in p["categories"] for n in path}
    urls = [p["url"] for p in published]
    # Pages folio keeps: Markdown and HTML (Hexo also renders `.json` and
    # `.yml` files into pages; folio reports them as files it does not keep).
    rendered = (".md", ".markdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".html", ".htm")
    urls += [p["url"] for p in hexo["pages"] if p["source"].lower().endswith(rendered)]
    urls += [t["url"] for t in hexo["tags"] if t["name"] in tag_names]
    urls += [c["url"] for c in hexo["categories"] if c["name"] in category_names]
    server = subprocess.Popen([folio, "serve"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        counts, odd = {}, []
        for url in urls:
            status, location = get(urllib.parse.quote(url, safe="/"))
            if status == 301:
                status, _ = get(location)
                key = f"301 then {status}"
            else:
                key = str(status)
            counts[key] = counts.get(key, 0) + 1
            if key not in ("301 then 200", "200"):
                odd.append(f"{url} ({key})")
    finally:
        server.terminate()
        server.wait()
    return len(urls), counts, odd


def main():
    folio, blogs = sys.argv[1], sys.argv[2:]
    print("| blog | old addresses | 301 then 200 | 200 at once | other |")
    print("| --- | ---: | ---: | ---: | --- |")
    for blog in blogs:
        total, counts, odd = check(folio, blog)
        print(f"| {os.path.basename(blog)} | {total} | {counts.get('301 then 200', 0)} | "
              f"{counts.get('200', 0)} | {'; '.join(odd[:3]) or '0'} |")


if __name__ == "__main__":
    main()
