"""Every URL pattern of the site, walked from the URL configuration."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str  # the pattern's text, with its prefixes
    parameters: tuple  # (name, converter or regex) for each parameter, in order

    def __str__(self):
        return self.route


def _parameters(pattern):
    if isinstance(pattern, RoutePattern):
        return tuple(
            (name, type(converter).__name__) for name, converter in pattern.converters.items()
        )
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex
        groups = sorted(regex.groupindex.items(), key=lambda item: item[1])
        return tuple((name, "regex") for name, _ in groups)
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
