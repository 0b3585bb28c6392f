"""What the spiders hand to the pipelines."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    """One fetched page of a queued article, with the text read from it.

    ``url`` is the article's canonical URL as queued; ``response_url`` is where the
    page was finally fetched from (after redirects). ``page`` is the
    :class:`crawlers.text.Page` read from ``html`` (None when no text was found).
    """

    article_id = scrapy.Field()
    url = scrapy.Field()
    response_url = scrapy.Field()
    content_type = scrapy.Field()
    html = scrapy.Field()
    page = scrapy.Field()
    redirects = scrapy.Field()
    refresh_target = scrapy.Field()  # a meta refresh the spider did not follow (loop, too many hops)

    def __repr__(self) -> str:
        # Scrapy logs dropped and failed items: name the article, not its whole HTML.
        return f"ArticleItem(article_id={self.get('article_id')!r}, url={self.get('url')!r})"
