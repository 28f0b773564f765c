"""Web addresses, parsed the way the catalog's validator and a browser read them.

A catalog URL must work when copied as written: it is refused, with the reason, when it holds a space, a
quote, an angle bracket or any other character a browser would not take as written (RFC 3986 allows
ASCII letters, digits and ``-._~:/?#[]@!$&'()*+,;=`` plus ``%`` escapes), an invisible character such as a
right-to-left override, a user name or password, or a host or port that cannot be. The same function
decides what pages link to (``render.safe_url``), so a URL that validates is a URL the site shows.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

WEB = ("http", "https")
LINKS = ("http", "https", "mailto")
_SPECIAL = {'"': "%22", "<": "%3C", ">": "%3E", "`": "%60", "{": "%7B", "}": "%7D", "|": "%7C", "\\": "%5C",
            "^": "%5E"}
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PLAIN = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$")


def url_problem(value: str, schemes: tuple[str, ...] = WEB) -> str | None:
    """Why ``value`` is not a usable address with one of ``schemes``, in words; None when it is."""
    if value != value.strip():
        return "it has spaces or a line break around it; remove them"
    if not _PLAIN.match(value):  # the common case skips the character-by-character reasons
        for char in value:
            problem = _character_problem(char)
            if problem:
                return problem
    bad_escape = _PERCENT.search(value)
    if bad_escape:
        return "it holds a % that does not start an escape such as %20; write a literal % as %25"
    scheme, colon, rest = value.partition(":")
    if not colon or scheme.lower() not in schemes:
        if schemes == WEB:
            return "write a full web address starting with https:// (or http://)"
        return "write a full web address starting with https:// or http://, or an e-mail address after mailto:"
    if scheme.lower() == "mailto":
        return None if rest and "@" in rest else "it must name an e-mail address after mailto:"
    if not rest.startswith("//"):
        return f"it must start with {scheme}:// (two slashes)"
    if value.count("#") > 1:
        return "it holds a second #; write it as %23"
    parts = urlsplit(value)
    if "@" in parts.netloc:
        return ("it holds a user name or password (the part before @), which hides where the link really goes; "
                "remove it")
    host = parts.netloc
    if host.startswith("["):
        inside, bracket, after = host[1:].partition("]")
        if not bracket or not _is_ipv6(inside) or (after and not after.startswith(":")):
            return "its host is not a valid IPv6 address in [brackets]"
        port = after[1:]
    else:
        host, _, port = host.partition(":")
        if "[" in host or "]" in host:
            return "it holds [ or ] outside an IPv6 host; write them as %5B and %5D"
        if not host:
            return "it names no host (the site's name after the two slashes)"
        if not all(_LABEL.match(label) for label in host.removesuffix(".").split(".")):
            return f"its host '{host}' is not a valid site name (letters, digits and hyphens, between dots)"
    if port and (not port.isdigit() or int(port) > 65535):
        return f"its port '{port}' is not a port number (0 to 65535)"
    if "[" in parts.path + parts.query + parts.fragment or "]" in parts.path + parts.query + parts.fragment:
        return "it holds [ or ] outside an IPv6 host; write them as %5B and %5D"
    return None


def _character_problem(char: str) -> str | None:
    if char.isascii() and char.isprintable() and char != " ":
        escape = _SPECIAL.get(char)
        if escape:
            return f"it holds the character `{char}`, which a browser would not accept as written; write it as {escape}"
        return None
    code = f"U+{ord(char):04X}"
    if char.isspace() or unicodedata.category(char) in ("Cc", "Zs", "Zl", "Zp"):
        if char == " ":
            return "it holds a space; write spaces as %20 (copy the address from the browser's address bar)"
        return f"it holds a space or control character ({code}); remove it"
    if unicodedata.category(char) in ("Cf", "Co", "Cn", "Cs"):
        return (f"it holds an invisible character ({code}) that changes how the address reads or where it "
                "leads; delete it (retype the address if you cannot see it)")
    encoded = "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return (f"it holds the character `{char}`, which a web address writes percent-encoded ({encoded}), as the "
            "browser's address bar shows when you copy from it")


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def is_safe_url(value: object, schemes: tuple[str, ...] = LINKS) -> bool:
    return isinstance(value, str) and url_problem(value, schemes) is None
