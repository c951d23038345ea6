"""Unit tier: pure functions and providers on fakes, no sockets (marker: unit)."""
