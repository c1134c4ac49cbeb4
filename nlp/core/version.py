"""The one version source (``nlp.__version__``, pyproject.toml's dynamic version); imports nothing."""

__version__ = "0.1.0"
