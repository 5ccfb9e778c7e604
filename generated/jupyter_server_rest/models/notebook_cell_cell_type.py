from typing import Literal

NotebookCellCellType = Literal["code", "markdown", "raw"]

NOTEBOOK_CELL_CELL_TYPE_VALUES: set[NotebookCellCellType] = {
    "code",
    "markdown",
    "raw",
}


def check_notebook_cell_cell_type(value: str) -> NotebookCellCellType:
    if value in NOTEBOOK_CELL_CELL_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NOTEBOOK_CELL_CELL_TYPE_VALUES!r}"
    )
