"""Contains all the data models used in inputs/outputs"""

from .api_status import APIStatus
from .api_version import APIVersion
from .checkpoint import Checkpoint
from .config_section import ConfigSection
from .contents import Contents
from .contents_create import ContentsCreate
from .contents_format import ContentsFormat
from .contents_rename import ContentsRename
from .contents_save import ContentsSave
from .contents_type import ContentsType
from .csp_violation_report import CSPViolationReport
from .document_session import DocumentSession
from .document_session_request import DocumentSessionRequest
from .download_file_download import DownloadFileDownload
from .error import Error
from .event_emit import EventEmit
from .execution_input import ExecutionInput
from .execution_metadata import ExecutionMetadata
from .execution_request import ExecutionRequest
from .execution_request_create import ExecutionRequestCreate
from .execution_requests import ExecutionRequests
from .get_contents_content import GetContentsContent
from .get_contents_format import GetContentsFormat
from .get_contents_hash import GetContentsHash
from .identity import Identity
from .identity_response import IdentityResponse
from .identity_update import IdentityUpdate
from .identity_update_response import IdentityUpdateResponse
from .json_object import JSONObject
from .kernel import Kernel
from .kernel_spec import KernelSpec
from .kernel_spec_env import KernelSpecEnv
from .kernel_spec_file import KernelSpecFile
from .kernel_spec_file_interrupt_mode import KernelSpecFileInterruptMode
from .kernel_spec_map import KernelSpecMap
from .kernel_spec_resources import KernelSpecResources
from .kernel_specs import KernelSpecs
from .kernel_start import KernelStart
from .legacy_session import LegacySession
from .legacy_session_notebook import LegacySessionNotebook
from .nbconvert_format_info import NbconvertFormatInfo
from .nbconvert_formats import NbconvertFormats
from .nbconvert_request import NbconvertRequest
from .notebook import Notebook
from .notebook_cell import NotebookCell
from .notebook_cell_cell_type import NotebookCellCellType
from .notebook_output import NotebookOutput
from .permissions import Permissions
from .resolved_path import ResolvedPath
from .resolved_path_entry import ResolvedPathEntry
from .session import Session
from .session_create import SessionCreate
from .session_kernel import SessionKernel
from .session_notebook import SessionNotebook
from .session_update import SessionUpdate
from .terminal import Terminal
from .terminal_create import TerminalCreate
from .unresolved_path_entry import UnresolvedPathEntry

__all__ = (
    "APIStatus",
    "APIVersion",
    "Checkpoint",
    "ConfigSection",
    "Contents",
    "ContentsCreate",
    "ContentsFormat",
    "ContentsRename",
    "ContentsSave",
    "ContentsType",
    "CSPViolationReport",
    "DocumentSession",
    "DocumentSessionRequest",
    "DownloadFileDownload",
    "Error",
    "EventEmit",
    "ExecutionInput",
    "ExecutionMetadata",
    "ExecutionRequest",
    "ExecutionRequestCreate",
    "ExecutionRequests",
    "GetContentsContent",
    "GetContentsFormat",
    "GetContentsHash",
    "Identity",
    "IdentityResponse",
    "IdentityUpdate",
    "IdentityUpdateResponse",
    "JSONObject",
    "Kernel",
    "KernelSpec",
    "KernelSpecEnv",
    "KernelSpecFile",
    "KernelSpecFileInterruptMode",
    "KernelSpecMap",
    "KernelSpecResources",
    "KernelSpecs",
    "KernelStart",
    "LegacySession",
    "LegacySessionNotebook",
    "NbconvertFormatInfo",
    "NbconvertFormats",
    "NbconvertRequest",
    "Notebook",
    "NotebookCell",
    "NotebookCellCellType",
    "NotebookOutput",
    "Permissions",
    "ResolvedPath",
    "ResolvedPathEntry",
    "Session",
    "SessionCreate",
    "SessionKernel",
    "SessionNotebook",
    "SessionUpdate",
    "Terminal",
    "TerminalCreate",
    "UnresolvedPathEntry",
)
