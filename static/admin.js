// folio admin scripts: loaded with defer, no inline code (CSP).
