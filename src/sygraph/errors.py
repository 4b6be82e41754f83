"""One exception tree for every failure sygraph expects.

The CLI prints ``sygraph: error: <message>`` for any :class:`SygraphError` and exits
non-zero; anything else is a bug and keeps its traceback.
"""

__all__ = ["SygraphError", "InputError", "InputWarning", "DataError", "ExportError", "QueryError"]


class SygraphError(Exception):
    """Base class: an expected failure with a one-line message.

    Catch this one class to handle every failure sygraph expects; the CLI does.

    Examples
    --------
    >>> [issubclass(e, SygraphError) for e in (InputError, InputWarning, DataError, ExportError, QueryError)]
    [True, True, True, True, True]
    >>> import sygraph
    >>> try:
    ...     sygraph.KnowledgeGraph().neighbors("没有这个单位")
    ... except SygraphError as err:
    ...     print(type(err).__name__, err)
    QueryError no entity named '没有这个单位'
    """


class InputError(SygraphError):
    """An input file or record cannot be read (names the file and the problem)."""


class InputWarning(InputError):
    """An input was read, but not whole or not as written (cut at the size bound, cut off
    mid-character); its article is still built."""


class DataError(SygraphError):
    """A shipped or user-supplied data file is malformed (names file and line)."""


class ExportError(SygraphError):
    """An output cannot be written or a graph file cannot be read back."""


class QueryError(SygraphError):
    """A query is malformed or names something the graph does not hold."""
