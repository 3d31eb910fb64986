"""Test helper: the text of each employee card (<section class="card">) of an HTML report."""

from html.parser import HTMLParser


class Cards(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cards: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "section" and "card" in cls.split():
            self.cards.append("")
            self._depth = 1
        elif self._depth and tag == "section":
            self._depth += 1

    def handle_endtag(self, tag):
        if self._depth and tag == "section":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.cards[-1] += data
