"""``{% load discussion %}{% comment_section obj %}``: comments, form and controls for an object."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.safestring import SafeString, mark_safe

from samskab.discussion.sections import render_section

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context: dict[str, Any], obj: models.Model) -> SafeString:
    # render_section returns template output, escaped by the template engine.
    return mark_safe(render_section(context["request"], obj))
