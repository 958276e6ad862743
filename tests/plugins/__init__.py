"""Scenes that exist only for tests."""
