"""Tests of the Plivo emulator's own behaviour (marker: emulator)."""
