"""Rate limits counted in the cache every process shares (settings.CACHES), so that they hold
however many workers serve the site."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


def count_event(key: str, *, keep_for: int) -> int:
    """Count one event under `key`; how many are counted there now, this one included. The
    count starts at the first event and is forgotten `keep_for` seconds later. The shared
    cache's increment is atomic (Redis's, and navigator.core.cache's on the database), so
    events counted at once by any number of processes all add up."""
    cache.add(key, 0, keep_for)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this event starts a new count
        cache.set(key, 1, keep_for)
        return 1


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` counted events for one key (an address, an e-mail address) in `window`
    seconds from the first."""

    name: str
    limit: int
    window: int

    def key(self, who: str | None) -> str:
        # A digest: the cache (a database table by default) need not hold e-mail addresses.
        digest = hashlib.sha256((who or "unknown").encode()).hexdigest()
        return f"navigator:rate:{self.name}:{digest}"

    def used(self, who: str | None) -> int:
        return cache.get(self.key(who), 0)

    def reached(self, who: str | None) -> bool:
        return self.used(who) >= self.limit

    def count(self, who: str | None) -> int:
        """Count one event; the number counted in this window, this one included."""
        return count_event(self.key(who), keep_for=self.window)

    def take(self, who: str | None) -> bool:
        """Count one attempt; whether it is within the limit."""
        return self.count(who) <= self.limit
