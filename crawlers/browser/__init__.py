"""Rendering with a headless browser (Playwright through scrapy-playwright), only where needed."""
