"""Renderers: the model and its findings turned into reports (text, JSON, GitHub) and site pages."""
