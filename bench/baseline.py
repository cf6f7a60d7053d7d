#!/usr/bin/env python3
"""The baselines of issue 2's benchmark, on the corpus's parsed rows.

usage: baseline.py plain|trigram ROWS_JSONL DB

plain:   Python's sqlite3 inserts the rows into a plain table in one
         transaction: the ceiling without search.
trigram: the same with a trigger-fed FTS5 trigram index over title and
         body: the naive ceiling with search.
Prints `posts_per_s=<n>`.
"""
import json
import os
import sqlite3
import sys
import time

mode, rows_path, db = sys.argv[1:4]
if os.path.exists(db):
    os.remove(db)
rows = [json.loads(line) for line in open(rows_path, encoding="utf-8")]
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")
con.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, slug TEXT UNIQUE, title TEXT, date TEXT, "
            "author TEXT, tags TEXT, categories TEXT, body TEXT)")
if mode == "trigram":
    con.execute("CREATE VIRTUAL TABLE posts_fts USING fts5(title, body, content='posts', "
                "content_rowid='id', tokenize='trigram')")
    con.execute("CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN "
                "INSERT INTO posts_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END")
started = time.perf_counter()
with con:
    con.executemany("INSERT INTO posts (slug, title, date, author, tags, categories, body) VALUES (?,?,?,?,?,?,?)",
                    ((r["slug"], r["title"], r["date"], r["author"], json.dumps(r["tags"], ensure_ascii=False),
                      json.dumps(r["categories"], ensure_ascii=False), r["body"]) for r in rows))
elapsed = time.perf_counter() - started
con.close()
print(f"posts_per_s={len(rows) / elapsed:.0f}")
