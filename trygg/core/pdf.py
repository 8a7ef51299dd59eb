"""PDF downloads rendered by WeasyPrint from the same Django templates as the pages.

WeasyPrint (and the Debian pango libraries it needs) is imported only when a PDF is rendered,
so the application starts without them. Rendering never touches the network: the URL fetcher
serves files under STATIC_URL from disk and refuses every other URL.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control


def static_file_for(url: str, base_url: str) -> Path | None:
    """The file on disk behind a /static/ URL of this site, or None (anything else)."""
    parts = urlsplit(url)
    base = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or parts.netloc != base.netloc:
        return None
    path = unquote(parts.path)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    if settings.STATIC_ROOT:  # collected (hashed) names in production
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _fetcher(base_url: str) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves this site's static files from disk; refuses every other URL (no network)."""

        def __init__(self) -> None:
            URLFetcher.__init__(self)  # weasyprint is unannotated (see pyproject)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = static_file_for(url, base_url)
            if path is None:
                raise ValueError(f"Refused to fetch {url!r} while rendering a PDF")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticOnlyFetcher()


def pdf_bytes(
    template_name: str,
    context: dict[str, Any],
    *,
    base_url: str,
    request: HttpRequest | None = None,
) -> bytes:
    """Render `template_name` with `context` to PDF bytes; relative URLs (the stylesheet)
    resolve against `base_url`, whose /static/ files are read from disk.

    Without a request (e-mail attachments) the template gets no context processors."""
    from weasyprint import HTML  # lazy: needs the pango system libraries

    html = render_to_string(template_name, context, request=request)
    pdf: bytes = HTML(string=html, base_url=base_url, url_fetcher=_fetcher(base_url)).write_pdf()
    return pdf


def pdf_filename(filename: str) -> str:
    """`filename` reduced to characters that are safe in a header and a file system."""
    return "".join(c for c in filename if c.isalnum() or c in "-_.") or "trygg.pdf"


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """A private, uncached download of `pdf` named `filename`."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(filename)}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def render_pdf(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, filename: str
) -> HttpResponse:
    """Render `template_name` with `context` to a PDF download named `filename`."""
    pdf = pdf_bytes(
        template_name, context, base_url=request.build_absolute_uri("/"), request=request
    )
    return pdf_response(pdf, filename=filename)
