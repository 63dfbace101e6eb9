"""Registers the course's pytest plugins for every test: day markers and real-service fixtures
(`shared.testing`), and grading of learners' attempts (`shared.attempts`)."""

pytest_plugins = ["shared.testing", "shared.attempts"]
