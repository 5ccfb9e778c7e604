"""A real server on HTTPS with a self-signed certificate: refused (TLSError) by default on
REST and websockets, trusted with ``verify=<CA bundle path>``, and usable with
``verify=False`` after an InsecureConnectionWarning."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import uuid
from pathlib import Path

import attrs
import pytest

from jupyter_sdk import (
    InsecureConnectionWarning,
    KernelManager,
    NetworkError,
    ReconnectPolicy,
    ServerSettings,
    TLSError,
)
from jupyter_sdk.models import Kernel

from .conftest import ServerFactory

pytestmark = pytest.mark.timeout(90)

FAST = ReconnectPolicy(
    max_attempts=2,
    initial_delay=0.05,
    max_delay=0.1,
    ping_interval=None,
    ping_timeout=None,
    open_timeout=5.0,
)


def self_signed(folder: Path, hosts: tuple[str, ...] = ("localhost",)) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and ``hosts`` (its own CA) and its key, as
    PEM files."""
    pytest.importorskip("cryptography", reason="the TLS test needs the cryptography package")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jupyter-sdk test server")])
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                + [x509.DNSName(host) for host in hosts]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    certfile = folder / "server.pem"
    keyfile = folder / "server.key"
    certfile.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    keyfile.chmod(0o600)
    return certfile, keyfile


async def _works(settings: ServerSettings) -> None:
    async with KernelManager(settings, poll=False) as manager:
        kernel = await manager.start_new("python3")
        try:
            assert kernel.connection_status == "connected"  # over wss://
            assert (await kernel.execute("'over tls'", timeout=30)).text == "'over tls'"
        finally:
            await kernel.shutdown()


@pytest.mark.slow
async def test_self_signed_certificate(own_server: ServerFactory, tmp_path: Path) -> None:
    certfile, keyfile = self_signed(tmp_path)
    server = own_server(certfile=certfile, keyfile=keyfile)
    await asyncio.to_thread(server.start)
    assert server.url.startswith("https://127.0.0.1:")
    strict = attrs.evolve(server.settings, reconnect=FAST)
    assert strict.verify is True
    assert strict.websocket_url.startswith("wss://")

    # Verified by default: the unknown certificate is refused, on REST and websockets.
    async with KernelManager(strict, poll=False) as manager:
        with pytest.raises(TLSError) as rest_error:
            await manager.refresh_running()
        assert isinstance(rest_error.value, NetworkError)
        model = Kernel(
            id=str(uuid.uuid4()),
            name="python3",
            last_activity=datetime.datetime.now(datetime.UTC),
            execution_state="idle",
            connections=0,
        )
        with pytest.raises(TLSError):
            await manager.connect_to(model)

    # Trusted through a CA bundle path: everything works.
    await _works(attrs.evolve(strict, verify=str(certfile)))

    # Verification off: a warning, then it works.
    with pytest.warns(InsecureConnectionWarning, match="verification is off"):
        insecure = attrs.evolve(strict, verify=False)
    await _works(insecure)
