"""Kernels: the manager, live connections, futures and comms."""

from .comm import Comm
from .connection import ConnectionStatus, KernelConnection, KernelStatus
from .future import InputHandler, KernelFuture, MessageHook
from .manager import KernelManager

__all__ = [
    "Comm",
    "ConnectionStatus",
    "InputHandler",
    "KernelConnection",
    "KernelFuture",
    "KernelManager",
    "KernelStatus",
    "MessageHook",
]
