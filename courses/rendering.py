"""Markdown of lessons, prompts and questions to safe HTML."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, sanitised: content is authored, but never trusted blindly."""
    html = markdown.markdown(text, extensions=["fenced_code", "tables"])
    return mark_safe(nh3.clean(html))  # noqa: S308 - sanitised just above
