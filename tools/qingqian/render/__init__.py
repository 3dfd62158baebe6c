"""Renderers: turn findings and report data into text, CSV, JSON, Markdown."""
