from typing import Literal

ContentsType = Literal["directory", "file", "notebook"]

CONTENTS_TYPE_VALUES: set[ContentsType] = {
    "directory",
    "file",
    "notebook",
}


def check_contents_type(value: str) -> ContentsType:
    if value in CONTENTS_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENTS_TYPE_VALUES!r}")
