"""The bundled demo web: fictional competitor shops served over loopback.

`rivalwatch demo` and the test suite crawl the same shops: a Shopify store, a French
WooCommerce shop, a German shop without structured data, a Russian 1C-Bitrix shop in
windows-1251, a Swedish single-page app that renders its catalog with JavaScript from a
JSON API, and our own shop. `serve_demo_web` starts them; the returned `DemoWeb` also
knows the ground truth, the robots rules, the day's changes and the injected faults.
"""

from schedules.demo.web.server import LoggedRequest
from schedules.demo.web.web import DemoSite, DemoWeb, serve_demo_web, serve_generated_web

__all__ = ["DemoSite", "DemoWeb", "LoggedRequest", "serve_demo_web", "serve_generated_web"]
