"""PDFs of Navigator's pages, rendered by WeasyPrint, tagged for screen readers."""

import ssl

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

# PDF/UA-1: a tagged PDF (structure tree, MarkInfo Marked true, the document's language and
# title), so a screen reader reads headings, tables and each chart's alternative text (the
# <img alt> of the template, kept as the Figure's /Alt).
PDF_VARIANT = "pdf/ua-1"


# WeasyPrint gives each document and stylesheet a fetcher of its own, each building an SSL
# context (about 0.1 s apiece); ours share one. The pages hold their pictures as data: URIs
# and the stylesheets are read from files, so nothing else is ever fetched (nor may be).
SSL_CONTEXT = ssl.create_default_context()


def _fetcher() -> URLFetcher:
    return URLFetcher(ssl_context=SSL_CONTEXT, allowed_protocols=("data",))


def render_pdf(request: HttpRequest, html: str, *, stylesheet: str, css: str = "") -> bytes:
    """The page `html` as a tagged PDF, styled by the static file `stylesheet` and `css`."""
    fetcher = _fetcher()
    stylesheets = [CSS(filename=finders.find(stylesheet), url_fetcher=fetcher)]
    if css:
        stylesheets.append(CSS(string=css, url_fetcher=fetcher))
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)


WARM_UP = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Warm-up</title></head>'
    "<body><h1>Warm-up</h1><p>Text</p><table><tr><th>A</th><td>1</td></tr></table>"
    '<img alt="A chart" src="{chart}"></body></html>'
)


def warm_up() -> None:
    """Render one small tagged PDF with a chart when a web process starts. WeasyPrint's first
    PDF in a process pays about a second more than the next (cffi parsing its C types, fonts,
    its first SVG) and pygal's import: without this, the first person's plan PDF would."""
    import pygal

    chart = pygal.Bar(width=200, height=100)
    chart.add("Rating", [1, 2])
    page = HTML(string=WARM_UP.format(chart=chart.render_data_uri()), url_fetcher=_fetcher())
    page.write_pdf(pdf_variant=PDF_VARIANT)
