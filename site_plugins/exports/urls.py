"""The absolute addresses every export uses: the site's base URL and the permanent paths under it."""

from __future__ import annotations

from urllib.parse import urlsplit


class ExportError(Exception):
    """The export cannot be written (a bad base URL, a missing schema file)."""


def base_url(site_url: str | None) -> str:
    """The site's absolute http(s) base URL, ending in ``/``."""
    text = (site_url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ExportError(f"the site URL must be an absolute http(s) address such as https://example.org/credcat/, "
                          f"not '{site_url or ''}'.")
    return text if text.endswith("/") else text + "/"


def credential_url(site_url: str, cid: str) -> str:
    return f"{base_url(site_url)}credentials/{cid}/"


def organization_url(site_url: str, org_id: str) -> str:
    return f"{base_url(site_url)}organizations/{org_id}/"


def stack_url(site_url: str, sid: str) -> str:
    return f"{base_url(site_url)}stacks/{sid}/"


def achievement_url(site_url: str, cid: str) -> str:
    return f"{credential_url(site_url, cid)}achievement.json"


def badge_url(site_url: str, cid: str) -> str:
    return f"{credential_url(site_url, cid)}badge.svg"
