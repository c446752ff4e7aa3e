"""SKP pages, one module per page; skp.urls imports the modules."""
