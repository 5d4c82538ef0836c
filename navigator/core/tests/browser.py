"""Browser fixtures (Playwright driving Debian's Chromium) — being written."""
