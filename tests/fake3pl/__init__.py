"""The fake 3PL server (see server.py)."""
