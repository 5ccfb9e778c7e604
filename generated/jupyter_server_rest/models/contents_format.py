from typing import Literal

ContentsFormat = Literal["base64", "json", "text"]

CONTENTS_FORMAT_VALUES: set[ContentsFormat] = {
    "base64",
    "json",
    "text",
}


def check_contents_format(value: str) -> ContentsFormat:
    if value in CONTENTS_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENTS_FORMAT_VALUES!r}")
