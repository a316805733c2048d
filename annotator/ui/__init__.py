"""The Qt user interface: the only package that imports PySide6."""

# The project and store code is loaded before PySide6, as `annotator.cli` does: PySide's import
# hook reads the whole source of every module imported after it (inspect.getsource, to look for
# "PySide6"), ~8 ms of every start for the modules these two bring.
from .. import project, store  # noqa: F401
