"""Every URL pattern of the site, walked from the URL configuration."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# A capturing group of a regex pattern, named or not; `[^)]*` is enough for the groups Django's
# and our URL configurations use (no nested parentheses).
_REGEX_GROUP = re.compile(r"\((?!\?:)(?:\?P<(?P<name>\w+)>)?[^)]*\)")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str  # the pattern's text, with its prefixes
    # (name, converter or "regex") for each parameter, in order. Unnamed regex groups, as in
    # django-reversion's admin URLs, are called "arg1", "arg2"... by their position.
    parameters: tuple

    def __str__(self):
        return self.route

    def fill(self, values):
        """Return the path with each parameter replaced by values[name], which is not escaped."""
        path = self.route
        for name, kind in self.parameters:
            value = values[name]
            if kind == "regex":
                path = _REGEX_GROUP.sub(lambda _, value=value: value, path, count=1)
            else:
                path = re.sub(rf"<(\w+:)?{name}>", lambda _, value=value: value, path, count=1)
        return "/" + path.replace("\\", "")


def _parameters(pattern):
    if isinstance(pattern, RoutePattern):
        return tuple(
            (name, type(converter).__name__) for name, converter in pattern.converters.items()
        )
    if isinstance(pattern, RegexPattern):
        groups = list(_REGEX_GROUP.finditer(pattern.regex.pattern))
        assert len(groups) == pattern.regex.groups, f"Teach urlwalk the groups of {pattern}"
        return tuple(
            (group["name"] or f"arg{number}", "regex")
            for number, group in enumerate(groups, start=1)
        )
    return ()


def site_routes(patterns=None, prefix="", namespace="", inherited=()):
    """Yield a Route for every URL pattern, including those of included URL configurations."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        parameters = inherited + _parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from site_routes(entry.url_patterns, route, inner, parameters)
        elif isinstance(entry, URLPattern):
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = route
            yield Route(name=name, route=route, parameters=parameters)
