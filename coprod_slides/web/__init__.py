"""``coprod-slides serve``: a local web page to tailor, preview and download a deck."""
