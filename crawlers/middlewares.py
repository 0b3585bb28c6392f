"""Downloader middlewares: cross-cutting fixes only.

``SharedRobotsTxtMiddleware`` replaces Scrapy's ``RobotsTxtMiddleware``. In Scrapy
2.19 with the asyncio reactor, every request that arrives while a site's robots.txt
is still downloading awaits the same Deferred; Twisted's ``Deferred.asFuture`` hands
the parser to the first waiter only and passes ``None`` down the chain, so the other
requests go out unchecked (a disallowed page was fetched in our tests). Here each
waiter gets its own Deferred, fed from the shared one without consuming its result.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware whose pending robots.txt result reaches every waiting request."""

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred[Any] = Deferred()

            def relay(result: Any) -> Any:
                waiter.callback(result)
                return result

            pending.addBoth(relay)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)
