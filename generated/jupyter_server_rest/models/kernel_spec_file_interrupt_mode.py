from typing import Literal

KernelSpecFileInterruptMode = Literal["message", "signal"]

KERNEL_SPEC_FILE_INTERRUPT_MODE_VALUES: set[KernelSpecFileInterruptMode] = {
    "message",
    "signal",
}


def check_kernel_spec_file_interrupt_mode(value: str) -> KernelSpecFileInterruptMode:
    if value in KERNEL_SPEC_FILE_INTERRUPT_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KERNEL_SPEC_FILE_INTERRUPT_MODE_VALUES!r}"
    )
