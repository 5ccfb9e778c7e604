from typing import Literal

GetContentsContent = Literal[0, 1]

GET_CONTENTS_CONTENT_VALUES: set[GetContentsContent] = {
    0,
    1,
}


def check_get_contents_content(value: int) -> GetContentsContent:
    if value in GET_CONTENTS_CONTENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_CONTENTS_CONTENT_VALUES!r}")
