from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.kernel_spec_file_interrupt_mode import (
    KernelSpecFileInterruptMode,
    check_kernel_spec_file_interrupt_mode,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_object import JSONObject
    from ..models.kernel_spec_env import KernelSpecEnv


T = TypeVar("T", bound="KernelSpecFile")


@_attrs_define
class KernelSpecFile:
    """The kernel.json contents, as jupyter_client's `KernelSpec.to_dict()`.

    Attributes:
        argv (list[str]):
        env (KernelSpecEnv): Environment variables to set for the kernel.
        display_name (str):
        language (str):
        interrupt_mode (KernelSpecFileInterruptMode):
        metadata (JSONObject): A free-form JSON object.
        kernel_protocol_version (str | Unset):
    """

    argv: list[str]
    env: KernelSpecEnv
    display_name: str
    language: str
    interrupt_mode: KernelSpecFileInterruptMode
    metadata: JSONObject
    kernel_protocol_version: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        argv = self.argv

        env = self.env.to_dict()

        display_name = self.display_name

        language = self.language

        interrupt_mode: str = self.interrupt_mode

        metadata = self.metadata.to_dict()

        kernel_protocol_version = self.kernel_protocol_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "argv": argv,
                "env": env,
                "display_name": display_name,
                "language": language,
                "interrupt_mode": interrupt_mode,
                "metadata": metadata,
            }
        )
        if kernel_protocol_version is not UNSET:
            field_dict["kernel_protocol_version"] = kernel_protocol_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_object import JSONObject  # noqa: PLC0415
        from ..models.kernel_spec_env import KernelSpecEnv  # noqa: PLC0415

        d = dict(src_dict)
        argv = cast(list[str], d.pop("argv"))

        env = KernelSpecEnv.from_dict(d.pop("env"))

        display_name = d.pop("display_name")

        language = d.pop("language")

        interrupt_mode = check_kernel_spec_file_interrupt_mode(d.pop("interrupt_mode"))

        metadata = JSONObject.from_dict(d.pop("metadata"))

        kernel_protocol_version = d.pop("kernel_protocol_version", UNSET)

        kernel_spec_file = cls(
            argv=argv,
            env=env,
            display_name=display_name,
            language=language,
            interrupt_mode=interrupt_mode,
            metadata=metadata,
            kernel_protocol_version=kernel_protocol_version,
        )

        kernel_spec_file.additional_properties = d
        return kernel_spec_file

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
