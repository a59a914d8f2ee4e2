"""One module per command (or group); each is listed once in ``cli/app.py``'s COMMANDS."""
