"""Generators: each takes the validated curriculum (and options) and returns artifacts."""
