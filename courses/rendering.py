"""Markdown of lessons, prompts and questions to safe HTML, code highlighted on the server."""

import functools

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

EXTENSIONS = ["fenced_code", "tables", "codehilite"]
# Pygments marks tokens with classes (styled by static/css/highlight.css): no inline styles.
SETTINGS = {"codehilite": {"css_class": "highlight", "guess_lang": False}}
ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "span": {"class"}, "div": {"class"}, "code": {"class"}}


def render_markdown(text: str, media: str = "") -> SafeString:
    """Markdown to HTML, sanitised: content is authored, but never trusted blindly.

    `media` is the URL prefix that images written as media/<name> point to.
    """
    return mark_safe(_rendered(text, media))  # noqa: S308 - sanitised


# Highlighting a long lesson takes 10-20 ms; the same text always gives the same HTML,
# so each process keeps the latest few hundred (an edited text is simply a new key).
@functools.lru_cache(maxsize=512)
def _rendered(text: str, media: str) -> str:
    html = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=SETTINGS)
    if media:
        html = html.replace('src="media/', f'src="{media}')
    return nh3.clean(html, attributes=ATTRIBUTES)
