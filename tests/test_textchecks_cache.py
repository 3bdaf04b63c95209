"""The read checks files are kept between runs; a kept copy gives the same checks, and a bad one is ignored."""

from __future__ import annotations

from reflect.core.paths import cache_dir
from reflect.core.textchecks import loading, scan

TEXT = "Mum is failing to protect her. Call 07700 900461. Siân Öztürk was there; she is streetwise."


def _fresh():
    with loading._lock:
        loading._loaded.clear()
    return loading.load(None, ())


def test_a_kept_copy_gives_the_same_findings():
    first = [f.format() for f in scan(TEXT, _fresh())]
    kept = list((cache_dir() / "checks").glob("*.json"))
    assert kept, "the read files are kept"
    again = [f.format() for f in scan(TEXT, _fresh())]
    assert again == first and len(first) == 4


def test_a_damaged_copy_is_ignored():
    _fresh()
    for path in (cache_dir() / "checks").glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    assert len(scan(TEXT, _fresh())) == 4
