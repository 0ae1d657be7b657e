"""`nmi-learn serve`: a live preview that rebuilds on every save and reloads the browser.

session.py holds the preview's builds, watch.py turns saved files into
rebuilds, server.py answers the browser (the build's outputs and the
preview's own page, nothing else).
"""
