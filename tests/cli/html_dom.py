#!/usr/bin/env python3
"""tests/cli/html_dom.py - facts about a DOM that headless chromium dumped
(--dump-dom), as one JSON object for tests/cli/html.sh to assert on with jq.

Parsed with Python's own HTML parser (html.parser): every element by tag,
every id with its tag, classes and whether it is open, every in-page link
with the id of the element it sits in, the attributes named on*, and the
text of the summary table's and the findings tables' cells.
"""
import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, id or None)
        self.tags = {}
        self.ids = {}
        self.links = []
        self.handlers = []
        self.text_of = {}  # id -> text inside it (for rows and cells)
        self.cells = []    # (row id, td class, text) of table cells
        self.cell = None
        self.summary_rows = []
        self.fhits = []    # highlighted fields: the element they are in, their links
        self.fhit_depth = None
        self.meta_csp = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, _ in attrs:
            if k.lower().startswith("on"):
                self.handlers.append([tag, k])
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.meta_csp = a.get("content")
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, "class": (a.get("class") or "").split(),
                                 "open": "open" in a}
        if tag == "details" and "open" in a and self.stack:
            # the enclosing element with an id is shown open
            for t, i in reversed(self.stack):
                if i is not None:
                    self.ids[i]["details_open"] = True
                    break
        if tag == "a" and (a.get("href") or "").startswith("#"):
            owner = next((i for t, i in reversed(self.stack) if i is not None), None)
            self.links.append({"in": owner, "href": a["href"][1:], "class": a.get("class")})
            if self.fhit_depth is not None and self.fhits[-1]["hrefs"] is not None:
                self.fhits[-1]["hrefs"].append(a["href"][1:])
        if tag == "li" and "fhit" in (a.get("class") or "").split():
            owner = next((i for t, i in reversed(self.stack) if i is not None), None)
            self.fhits.append({"in": owner, "hrefs": []})
            self.fhit_depth = len(self.stack)
        if tag == "tr" and a.get("id", "").startswith("row"):
            self.summary_rows.append({"id": a["id"], "class": a.get("class"), "cells": []})
        if tag == "td":
            row = next((i for t, i in reversed(self.stack) if t == "tr"), None)
            self.cell = {"row": row, "class": a.get("class"), "text": ""}
        if tag not in VOID:
            self.stack.append((tag, a.get("id")))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if self.fhit_depth is not None and len(self.stack) <= self.fhit_depth:
            self.fhit_depth = None
        if tag == "td" and self.cell is not None:
            self.cells.append(self.cell)
            if self.summary_rows and self.cell["row"] == self.summary_rows[-1]["id"]:
                self.summary_rows[-1]["cells"].append(self.cell["text"])
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def main():
    d = Dom()
    with open(sys.argv[1], encoding="utf-8") as f:
        d.feed(f.read())
    d.close()
    broken = sorted({l["href"] for l in d.links if l["href"] not in d.ids})
    json.dump({"tags": d.tags, "ids": d.ids, "links": d.links, "broken_links": broken,
               "handlers": d.handlers, "fhits": d.fhits, "summary_rows": d.summary_rows, "cells": d.cells,
               "csp": d.meta_csp}, sys.stdout)


main()
