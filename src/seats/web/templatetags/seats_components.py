"""The design system's template helpers (USWDS 3 components in ``web/components/``).

``{% load seats_components %}`` then:

- ``{% component "alert" level="error" heading=... %}<p>rich body</p>{% endcomponent %}``:
  renders ``web/components/<name>.html`` with the given variables and the enclosed markup as
  ``content`` (for components whose body is more than a string: alerts, summary boxes).
- ``{{ form.field|usa_widget }}``: a Django form field's widget with the USWDS class for its kind
  (usa-input, usa-select, usa-textarea, usa-checkbox__input) and ``aria-invalid`` /
  ``aria-describedby`` pointing at its hint and error (used by ``components/field.html``).
- ``{% usa_control type=... id=... name=... %}``: the same for a hand-named control (a form not
  built with Django forms), used by ``components/field.html``.
- ``{% field_message field_error name action %}``: the message the view put in ``field_error``
  (``{"field", "action", "message"}``) for this control of this form, or "".
- ``{{ status|tag_family }}``: which colour family a CCA status's tag gets (components/status_tag).
- ``{{ cca|lifecycle_steps }}``: the CCA lifecycle as steps for ``components/step_indicator``.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.loader import get_template
from django.template.loader_tags import token_kwargs
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from seats.web import lifecycle

register = template.Library()


class ComponentNode(template.Node):
    def __init__(self, name: Any, kwargs: dict[str, Any], nodelist: template.NodeList) -> None:
        self.name, self.kwargs, self.nodelist = name, kwargs, nodelist

    def render(self, context: Context) -> SafeString:
        content = mark_safe(self.nodelist.render(context))  # rendered template output
        values = {key: value.resolve(context) for key, value in self.kwargs.items()}
        component = get_template(f"web/components/{self.name.resolve(context)}.html")
        with context.push(**values, content=content):
            return component.template.render(context)  # type: ignore[attr-defined]


@register.tag("component")
def do_component(parser: Parser, token: Token) -> ComponentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% component %} needs the component's name")
    name = parser.compile_filter(bits[1])
    kwargs = token_kwargs(bits[2:], parser)
    nodelist = parser.parse(("endcomponent",))
    parser.delete_first_token()
    return ComponentNode(name, kwargs, nodelist)


def _classes_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "usa-checkbox__input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "usa-select"
    if isinstance(widget, forms.Textarea):
        return "usa-textarea"
    return "usa-input"


@register.filter
def usa_widget(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    attrs: dict[str, Any] = {}
    classes = [_classes_for(widget)]
    if widget.attrs.get("class"):
        classes.append(widget.attrs["class"])
    described = [d for d in str(widget.attrs.get("aria-describedby", "")).split() if d]
    if field.help_text and f"{field.auto_id}_help" not in described:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        classes.append("usa-input--error")
        attrs["aria-invalid"] = "true"
        if f"{field.auto_id}_error" not in described:
            described.append(f"{field.auto_id}_error")
    attrs["class"] = " ".join(classes)
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


#: Attributes a hand-named control may carry, in the order they are written.
_PASSED = (
    "maxlength",
    "minlength",
    "size",
    "rows",
    "min",
    "max",
    "step",
    "pattern",
    "inputmode",
    "autocomplete",
    "placeholder",
    "autocapitalize",
    "spellcheck",
    "form",
)
_FLAGS = ("required", "disabled", "readonly", "autofocus")


@register.simple_tag
def usa_control(**kw: Any) -> SafeString:
    """One input, textarea or date input with its USWDS class and accessible links."""
    kind = kw.get("type") or "text"
    ident, error, hint = kw.get("id", ""), kw.get("error"), kw.get("hint")
    described = [f"{ident}-help"] if hint else []
    if error:
        described.append(f"{ident}-error")
    attrs: list[tuple[str, Any]] = [("id", ident), ("name", kw.get("name", ""))]
    base = {"textarea": "usa-textarea", "date": "usa-input"}.get(kind, "usa-input")
    classes = [base]
    if kw.get("width"):
        classes.append(f"usa-input--{kw['width']}")
    if error:
        classes.append("usa-input--error")
    attrs.append(("class", " ".join(classes)))
    if kind != "textarea":
        attrs.append(("type", kind))
    for key in _PASSED:
        if kw.get(key) not in (None, ""):
            attrs.append((key, kw[key]))
    if described:
        attrs.append(("aria-describedby", " ".join(described)))
    if error:
        attrs.append(("aria-invalid", "true"))
    value = kw.get("value")
    value = "" if value is None else value
    if kind != "textarea" and value != "":
        attrs.append(("value", value))
    rendered = format_html_join(" ", '{}="{}"', attrs)
    flags = mark_safe("".join(f" {f}" for f in _FLAGS if kw.get(f)))  # constants
    if kind == "textarea":
        return format_html("<textarea {}{}>{}</textarea>", rendered, flags, value)
    return format_html("<input {}{}>", rendered, flags)


@register.simple_tag
def field_message(field_error: Any, name: str, action: str | None = None) -> str:
    if not field_error or not name:
        return ""
    if isinstance(field_error, dict):
        field, where, message = (field_error.get(k) for k in ("field", "action", "message"))
    else:
        field, where, message = (
            getattr(field_error, k, None) for k in ("field", "action", "message")
        )
    if field != name or (action and where != action):
        return ""
    return str(message or "")


register.filter("tag_family", lifecycle.tag_family)
register.filter("lifecycle_steps", lifecycle.steps_for)


@register.filter
def page_window(page: Any, around: int = 1) -> list[int | None]:
    """Page numbers to show: the first, the last, the current one and its neighbours; None
    where numbers are left out (an ellipsis)."""
    last, here = page.paginator.num_pages, page.number
    shown = sorted({1, last, *range(max(1, here - around), min(last, here + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


@register.simple_tag
def concat(*parts: Any) -> str:
    """``{% concat url "?" filters "&sort=" as href %}``: the parts as one string (a missing
    variable is empty, where ``|add:`` would fail on it); escaped when written out."""
    return "".join(str(p) for p in parts if p is not None)


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    """checkbox, date (a DateInput: the USWDS date picker), select, textarea or input."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.DateInput) or widget.attrs.get("type") == "date":
        return "date"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


class CaptureNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name, self.nodelist = name, nodelist

    def render(self, context: Context) -> str:
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # rendered output
        return ""


@register.tag("capture")
def do_capture(parser: Parser, token: Token) -> CaptureNode:
    """``{% capture as caption %}…{% endcapture %}``: the enclosed output, kept in a variable
    (a table caption with conditions, for components/table_open.html)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("use {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(bits[2], nodelist)


@register.simple_tag
def list_of(*items: Any) -> list[Any]:
    """``{% list_of a b c as lines %}``: a list for a component (confirm.html's lines)."""
    return [i for i in items if i not in (None, "")]


@register.simple_tag
def pairs(*items: Any) -> list[tuple[Any, Any]]:
    """``{% pairs "version" c.version "year" year as hidden %}``: (name, value) pairs for a
    component's hidden fields (confirm.html)."""
    return [
        (items[i], "" if items[i + 1] is None else items[i + 1])
        for i in range(0, len(items) - 1, 2)
    ]
