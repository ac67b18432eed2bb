"""What the HTML pages share: result tables, links that stay on this server, titles."""
