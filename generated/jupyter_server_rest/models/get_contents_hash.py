from typing import Literal

GetContentsHash = Literal[0, 1]

GET_CONTENTS_HASH_VALUES: set[GetContentsHash] = {
    0,
    1,
}


def check_get_contents_hash(value: int) -> GetContentsHash:
    if value in GET_CONTENTS_HASH_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_CONTENTS_HASH_VALUES!r}")
