"""A small news site of our own, served on 127.0.0.1, for ``make demo`` and the flow tests.

Two fictional outlets publish RSS feeds and article pages about attacks on police
officers, and stories that look like them but are not. Page dates are given as days
before the server's start, so the feed is always fresh.
"""
