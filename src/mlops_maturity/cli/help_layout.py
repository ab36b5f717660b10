"""How --help lays out its panels: option names whole in any terminal that has room for them.

Imported only when help is shown: it needs rich, which a command run without --help may not.
"""

from typing import Any

from rich.table import Table
from typer import rich_utils


class _HelpTable(Table):
    """A panel's table whose columns of option names do not shrink while the value names and help can.

    rich shrinks the widest columns of a table that does not fit, names too, and cuts them
    (`--fail-on-regressi…`); a column that does not wrap is left alone while another can give way.
    An options panel ends with the value name (`FILE`) and the help, a commands panel with the help.
    """

    def add_row(self, *renderables: Any, **options: Any) -> None:
        super().add_row(*renderables, **options)
        names = self.columns[:-2] if len(self.columns) > 2 else self.columns[:-1]
        for column in names:
            column.no_wrap = True


def keep_names_whole() -> None:
    """Have typer build its help panels with `_HelpTable`.

    NOTE: typer builds the tables itself and offers no setting for their columns, only for
    their styles (the module-level settings of `typer.rich_utils`, set the same way).
    """
    rich_utils.Table = _HelpTable  # type: ignore[attr-defined]
