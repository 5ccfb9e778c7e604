"""The embedded server's kernel provisioner: kernel ports from outside the ephemeral range.

A stock server picks a kernel's five ports by binding port 0 and letting go, and the
kernel binds them only once it has started, seconds later on a busy machine. Meanwhile any
process binding port 0 or connecting out gets a port from the same ephemeral range (every
ipykernel binds one at start for its subprocess output), and can take one of them. The
kernel then fails to bind, and the server's restarter restarts it on the very same ports
(jupyter_client keeps cached ports over restarts) until it gives up: the kernel is dead.
Twenty kernels started at once on two loaded cores lost one this way about one time in
five. Ports from just beside the ephemeral range (:mod:`jupyter_sdk._ports`) are never
handed out by the system, so no other process takes them unasked.

:class:`~jupyter_sdk.local.LocalServer` makes this the server's default provisioner
(kernelspecs naming a provisioner of their own keep it). Loaded by ``jupyter_client``
through the ``jupyter_client.kernel_provisioners`` entry point, in the server's process:
the SDK itself never imports it.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, ClassVar

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from ._ports import ephemeral_range, free_ports, port_window

_PORT_NAMES = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")


class NonEphemeralPortsProvisioner(LocalProvisioner):
    """:class:`~jupyter_client.provisioning.LocalProvisioner`, with the kernel's ports
    chosen outside the ephemeral range (kept over restarts, as the stock one keeps its)."""

    # Ports chosen in this server process, by when: never two kernels on one port while
    # the first has yet to bind it (a bound port fails the probe anyway). Forgotten at the
    # kernel's shutdown, or after a while (a kernel the server gave up is not cleaned up).
    _reserved: ClassVar[dict[int, float]] = {}
    _RESERVED_FOR = 600.0

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        km = self.parent
        window = port_window(ephemeral_range())
        # As the stock provisioner: ports of its choosing only where it caches them.
        if km is not None and km.cache_ports and not self.ports_cached and window:
            now = time.monotonic()
            for port, since in list(self._reserved.items()):
                if now - since > self._RESERVED_FOR:
                    del self._reserved[port]
            with contextlib.suppress(OSError):  # the window is full: the stock choice
                ports = free_ports(km.ip, len(_PORT_NAMES), window, self._reserved)
                self._reserved.update(dict.fromkeys(ports, now))
                for name, port in zip(_PORT_NAMES, ports, strict=True):
                    setattr(km, name, port)
                self.ports_cached = True  # the stock provisioner then keeps them as its own
        result: dict[str, Any] = await super().pre_launch(**kwargs)
        return result

    async def cleanup(self, restart: bool = False) -> None:
        if not restart and self.connection_info:
            for name in _PORT_NAMES:
                port = self.connection_info.get(name)
                if isinstance(port, int):
                    self._reserved.pop(port, None)
        await super().cleanup(restart=restart)
