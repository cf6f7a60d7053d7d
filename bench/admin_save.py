#!/usr/bin/env python3
"""Times article saves through the admin editor over HTTP, as a browser
sends them: GET the editor form, change the title, POST it (the POST's
latency is measured: version check, revision, re-render, re-index).

    admin_save.py BASE_URL EMAIL PASSWORD COUNT FIRST_ID
"""
import html.parser
import http.cookiejar
import statistics
import sys
import time
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormFields(html.parser.HTMLParser):
    """The fields of #article-form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside, self.textarea, self.select = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "article-form"
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select" and a.get("name"):
            # (The editor's toolbar has a select with no name: not sent.)
            self.select = [a["name"], ""]
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None and "selected" in a:
            self.select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            if self.textarea[1].startswith("\n"):
                self.textarea[1] = self.textarea[1][1:]
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def main():
    base, email, password, count, first = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def send(url, data=None):
        try:
            return opener.open(url, data)
        except urllib.error.HTTPError as e:  # 303 arrives as an "error"
            return e

    login = urllib.parse.urlencode({"email": email, "password": password, "next": "/admin"}).encode()
    assert send(base + "/admin/login", login).status == 303, "login failed"
    times = []
    for i in range(count):
        url = f"{base}/admin/articles/{first + i}"
        parser = FormFields()
        parser.feed(send(url).read().decode())
        fields = [(k, f"bench title {i}" if k == "title" else v) for k, v in parser.fields]
        body = urllib.parse.urlencode(fields).encode()
        start = time.perf_counter()
        res = send(url, body)
        times.append((time.perf_counter() - start) * 1000)
        assert res.status == 303, f"save {url} answered {res.status}"
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"save (POST editor form) x{count}: p50 {statistics.median(times):.1f} ms, p99 {p99:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
