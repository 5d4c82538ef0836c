"""Reading a published Open Referral UK API by its base URL: page through /services, then
fetch each /services/{id} (the list carries only one-to-one fields). Everything is read
before anything is imported, so a feed that fails part-way changes nothing."""

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from navigator.directory.oruk.parse import RecordError

# A page or a service bigger than this is refused rather than read into memory.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
MAX_PAGES = 10_000
PER_PAGE = 200
TIMEOUT_SECONDS = 30


class FeedError(RecordError):
    """A feed that cannot be read; the message says where and why, for the report."""


def _get(url: str, what: str) -> Any:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "Navigator ORUK importer"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FeedError(f"{what} answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FeedError(f"{what} could not be reached ({reason})") from error
    if len(body) > MAX_RESPONSE_BYTES:
        raise FeedError(f"{what} is larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MB")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"{what} is not valid JSON") from error


def base_url_of(value: str) -> str:
    """The API's base URL, checked: http or https, with a host."""
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedError("The feed's address must start with https:// (or http://)")
    return value.strip().rstrip("/")


def read_feed(base_url: str) -> list[tuple[str, Any]]:
    """Every service of the feed at `base_url`, fully nested, each with a label for the
    report. FeedError when any page or service cannot be read."""
    base = base_url_of(base_url)
    summaries: list[Any] = []
    for number in range(1, MAX_PAGES + 1):
        query = urllib.parse.urlencode({"page": number, "per_page": PER_PAGE})
        page = _get(f"{base}/services?{query}", f"Page {number} of {base}/services")
        contents = page.get("contents") if isinstance(page, dict) else None
        if not isinstance(contents, list):
            raise FeedError(f"Page {number} of {base}/services has no list of “contents”")
        summaries.extend(contents)
        total_pages = page.get("total_pages")
        if not contents or page.get("last_page") is True:
            break
        if isinstance(total_pages, int) and number >= total_pages:
            break
    else:
        raise FeedError(f"{base}/services has more than {MAX_PAGES} pages")
    records = []
    for position, summary in enumerate(summaries, 1):
        label = f"Service {position}"
        service_id = summary.get("id") if isinstance(summary, dict) else None
        if not isinstance(service_id, str | int) or not str(service_id).strip():
            records.append((label, summary))  # the importer reports what is wrong with it
            continue
        quoted = urllib.parse.quote(str(service_id).strip(), safe="")
        records.append((label, _get(f"{base}/services/{quoted}", f"{base}/services/{quoted}")))
    return records
