from typing import Literal

GetContentsFormat = Literal["base64", "text"]

GET_CONTENTS_FORMAT_VALUES: set[GetContentsFormat] = {
    "base64",
    "text",
}


def check_get_contents_format(value: str) -> GetContentsFormat:
    if value in GET_CONTENTS_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_CONTENTS_FORMAT_VALUES!r}")
