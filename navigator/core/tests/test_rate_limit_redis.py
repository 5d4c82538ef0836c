"""With REDIS_URL set, the shared cache is Redis: the same limit holds there."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.test.utils import override_settings

from navigator.core.ratelimit import RateLimit

REDIS = ("127.0.0.1", 6379)


def _redis_answers() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(REDIS) == 0


@pytest.mark.skipif(not _redis_answers(), reason="no Redis server at 127.0.0.1:6379")
def test_the_limit_holds_in_redis() -> None:
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    with override_settings(CACHES=redis_cache):
        limit = RateLimit(name=f"test-{uuid.uuid4().hex}", limit=2, window=60)
        answers = [limit.take("203.0.113.9") for _ in range(3)]
        assert type(caches["default"]).__name__ == "RedisCache"
        caches["default"].delete(limit.key("203.0.113.9"))
    assert answers == [True, True, False]
