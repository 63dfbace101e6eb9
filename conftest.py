"""Registers the course's pytest plugin (day markers, real-service fixtures) for every test."""

pytest_plugins = ["shared.testing"]
