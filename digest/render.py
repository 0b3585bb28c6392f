"""Render a :class:`~digest.content.Digest` or an alert as Markdown, HTML and plain text.

Templates live in ``digest/templates``. Titles, outlets and places are scraped text, so
HTML and Markdown templates autoescape everything; Markdown also escapes its own syntax.
Links pass :func:`digest.links.safe_url` first. The HTML has no scripts and no remote
images; its CSS is inlined with css-inline so mail clients that drop ``<style>`` keep it.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from digest.chart import bar_chart
from digest.content import Digest
from digest.links import safe_url
from digest.wording import format_day, severity_label, short_day, weapon_label

FORMATS = ("md", "html", "text")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")


def markdown_escape(value: Any) -> Markup:
    """``value`` safe inside Markdown: HTML-escaped, and Markdown's own syntax backslashed."""
    text = str(escape(value if value is not None else ""))
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    if text[:1] in "#+-!>" and text:
        text = "\\" + text
    return Markup(text)


def _local_time(moment: dt.datetime | None, tz: str) -> str:
    """"14:05 24 Nov"; a date-only publication (stored as midnight UTC) without an invented
    time ("24 Nov"); the year when it is not this year ("24 Nov 2020")."""
    if moment is None:
        return "time not known"
    date_only = moment.utcoffset() == dt.timedelta(0) and moment.time() == dt.time(0)
    if date_only:
        day = moment.date()
        text = f"{day.day} {day:%b}"
    else:
        local = moment.astimezone(ZoneInfo(tz))
        day = local.date()
        text = f"{local:%H:%M} {local.day} {local:%b}"
    return text if day.year == dt.date.today().year else f"{text} {day.year}"


def _average(value: float) -> str:
    """A daily average to one decimal; two (e.g. "0.04") rather than a misleading "0.0" when above zero."""
    return f"{value:.2f}" if 0 < value < 0.05 else f"{value:.1f}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment: autoescaping for .html and .md templates, strict undefined."""
    env = Environment(
        loader=PackageLoader("digest", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "md", "css"),
            disabled_extensions=("txt",),
            default=True,
            default_for_string=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=markdown_escape,
        safe_url=safe_url,
        day=format_day,
        short_day=short_day,
        severity=severity_label,
        weapon=weapon_label,
        average=_average,
        local_time=_local_time,
    )
    return env


def chart_png(digest: Digest) -> bytes:
    """The incidents-per-day chart of ``digest`` as PNG bytes."""
    return bar_chart([d.count for d in digest.daily])


def data_uri(png: bytes) -> str:
    """``png`` as a ``data:image/png;base64,...`` URI, for the archive copy of the HTML."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _context(digest: Digest) -> dict[str, Any]:
    return {
        "digest": digest,
        "tz": digest.timezone,
        "chart_first": digest.daily[0].day if digest.daily else digest.day,
        "chart_max": max((d.count for d in digest.daily), default=0),
        "sparkline": _sparkline([d.count for d in digest.daily]),
    }


def _sparkline(values: list[int]) -> str:
    blocks = "▁▂▃▄▅▆▇█"
    top = max(values, default=0)
    if top == 0:
        return blocks[0] * len(values)
    # zero gets the lowest block; any incident at least the second, so it is never mistaken for none
    return "".join(blocks[max(1, round(v * (len(blocks) - 1) / top)) if v else 0] for v in values)


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown (for the archive and the terminal)."""
    return environment().get_template("digest.md").render(_context(digest))


def render_text(digest: Digest) -> str:
    """The digest as plain text (the text/plain part of the email)."""
    return environment().get_template("digest.txt").render(_context(digest))


def render_html(digest: Digest, *, chart_src: str) -> str:
    """The digest as one HTML page with inlined CSS; ``chart_src`` is a ``cid:`` or ``data:`` URI."""
    if not chart_src.startswith(("cid:", "data:image/png;base64,")):
        raise ValueError(f"chart source must be a cid: or PNG data: URI, not {chart_src[:30]!r}")
    html = environment().get_template("digest.html").render(_context(digest), chart_src=chart_src)
    return inline_css(html)


def inline_css(html: str) -> str:
    """Move the ``<style>`` rules of ``html`` into style attributes; never fetch remote CSS."""
    inliner = css_inline.CSSInliner(
        keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False
    )
    return inliner.inline(html)


def render(digest: Digest, fmt: str) -> str:
    """The digest in format ``fmt`` (``md``, ``html`` with an embedded chart, or ``text``)."""
    if fmt == "md":
        return render_markdown(digest)
    if fmt == "text":
        return render_text(digest)
    if fmt == "html":
        return render_html(digest, chart_src=data_uri(chart_png(digest)))
    raise ValueError(f"unknown digest format {fmt!r}; expected one of {', '.join(FORMATS)}")
