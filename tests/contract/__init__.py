"""Contract tier: the client and the official SDK against a running emulator over HTTP (marker: contract)."""
