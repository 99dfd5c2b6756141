"""One error family for everything a user can get wrong; the CLI prints it on one line."""

from __future__ import annotations


class KgError(Exception):
    """A problem with the user's input or environment, worded as a finished sentence."""


class InputError(KgError):
    """An article source that cannot be read (missing, binary, undecodable, malformed)."""


class ModelError(KgError):
    """A spaCy pipeline that is not installed or cannot be loaded."""


class GraphError(KgError):
    """A graph file or store that cannot be read, or a query that is not valid SPARQL."""


class ExportError(KgError):
    """An output that cannot be written in the requested format."""


class PushError(KgError):
    """A graph store that cannot be reached or refuses the upload."""


class OutputError(KgError):
    """An output path that cannot be written (a file where a folder is needed, no access)."""


class OptionError(KgError):
    """An option value that cannot work: a base IRI that is not one, an unknown format."""
