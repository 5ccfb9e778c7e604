"""Contains all the data models used in inputs/outputs"""

from .build_status import BuildStatus
from .build_status_status import BuildStatusStatus
from .json_object import JSONObject
from .settings_entry import SettingsEntry
from .settings_list import SettingsList
from .settings_save import SettingsSave
from .workspace import Workspace
from .workspace_ids import WorkspaceIds
from .workspace_list import WorkspaceList
from .workspace_metadata import WorkspaceMetadata

__all__ = (
    "BuildStatus",
    "BuildStatusStatus",
    "JSONObject",
    "SettingsEntry",
    "SettingsList",
    "SettingsSave",
    "Workspace",
    "WorkspaceIds",
    "WorkspaceList",
    "WorkspaceMetadata",
)
