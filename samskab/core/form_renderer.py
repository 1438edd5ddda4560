"""Form widgets rendered with Det Fælles Designsystem's classes, for every form of the site.

A form never names a CSS class: this renderer gives each widget the DKFDS class for its kind
(``form-input``, ``form-select``, ``form-checkbox``, ``form-radio``), and the templates in
``templates/django/forms/widgets/`` put a checkbox or radio button before its label, as DKFDS
draws them.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest

INPUT_CLASSES = {"checkbox": "form-checkbox", "radio": "form-radio", "file": "form-file-input"}


def _design_class(widget: dict[str, Any]) -> str:
    template = widget.get("template_name", "")
    if template.endswith(("/select.html", "/select_date.html")):
        return "form-select"
    if template.endswith("/textarea.html"):
        return "form-input"
    kind = widget.get("type")
    if kind in (None, "hidden") or template.endswith("multiple_input.html"):
        return ""
    return INPUT_CLASSES.get(str(kind), "form-input")


def _add_class(widget: dict[str, Any]) -> None:
    name = _design_class(widget)
    if not name:
        return
    attrs = widget.setdefault("attrs", {})
    present = attrs.get("class", "").split()
    if name not in present:
        attrs["class"] = " ".join([name, *present])


class DesignSystemRenderer(TemplatesSetting):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            _add_class(widget)
            for subwidget in widget.get("subwidgets", []):
                _add_class(subwidget)
            for _group, options, _index in widget.get("optgroups", []):
                for option in options:
                    if option.get("type") in INPUT_CLASSES:
                        _add_class(option)
        return super().render(template_name, context, request)
