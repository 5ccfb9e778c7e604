from typing import Literal

BuildStatusStatus = Literal["building", "needed", "stable"]

BUILD_STATUS_STATUS_VALUES: set[BuildStatusStatus] = {
    "building",
    "needed",
    "stable",
}


def check_build_status_status(value: str) -> BuildStatusStatus:
    if value in BUILD_STATUS_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {BUILD_STATUS_STATUS_VALUES!r}")
