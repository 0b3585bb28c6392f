"""Crawling: feeds, sitemaps and listing pages in; canonical, deduplicated article text out.

Entry points: :func:`crawlers.feeds.poll_feeds` queues new article URLs,
:func:`crawlers.run.crawl_queued` fetches and stores them (Scrapy, in a child process).
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
