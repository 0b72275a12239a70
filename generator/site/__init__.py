"""The site: URLs, page kinds and the plan, languages, rendering, structured and open data, sitemaps, search, QR codes, images."""
