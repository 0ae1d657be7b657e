"""Plain-English messages for pydantic validation errors.

Pydantic's own wording ("Input should be a valid string") is written for
programmers; these are written for someone editing a YAML file.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterable

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .model import SLUG_PATTERN

_TYPE_NAMES = {
    str: "text",
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
}


def field_names(models: Iterable[type[BaseModel]]) -> list[str]:
    """Every field name of the given models, for 'did you mean' hints."""
    names: set[str] = set()
    for model in models:
        names.update(model.model_fields)
    return sorted(names)


def describe(error: ErrorDetails, known_fields: list[str]) -> str:
    """One readable sentence for one pydantic error."""
    kind = error["type"]
    name = field_label(error["loc"])
    ctx: dict[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        hint = difflib.get_close_matches(key, known_fields, n=1, cutoff=0.75)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        return f"unknown field '{key}'{suggestion}"
    if kind in _EXPECTED:
        return f"'{name}' must be {_EXPECTED[kind]}, not {_kind_of(given)}"
    if kind == "string_too_short":
        return f"'{name}' must not be empty"
    if kind == "string_too_long":
        return f"'{name}' is too long ({len(given):,} characters; the limit is {ctx['max_length']:,})"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG_PATTERN:
            return (
                f"'{name}' must be an id of lowercase letters, digits and single hyphens "
                f"(such as 'first-edition'), not {given!r}"
            )
        return f"'{name}' has an invalid form: {given!r}"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"'{name}' needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "enum":
        return f"'{name}' must be one of: {ctx.get('expected', '')}; not {given!r}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return f"'{name}' must be {word} {bound}, not {given!r}"
    if kind == "value_error":  # our validators write whole sentences
        return str(ctx.get("error", error["msg"]))
    return f"'{name}': {error['msg']}" if name else error["msg"]


def field_label(loc: tuple) -> str:
    """'citations[0].quote' for loc ('citations', 0, 'quote')."""
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += f".{part}" if label else str(part)
    return label


def _kind_of(value: Any) -> str:
    for python_type, word in _TYPE_NAMES.items():
        if type(value) is python_type:
            if python_type in (list, dict, type(None)):
                return word
            return f"{word} ({value!r})"
    return type(value).__name__
