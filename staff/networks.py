"""The network a client address belongs to: what sign-in throttles count and
what the sign-in log keeps instead of the address itself."""

import ipaddress

# One household or office: an IPv4 /24 (a NAT or a small provider block), an
# IPv6 /64 (what one subscriber or phone gets, and rotates addresses inside).
IPV4_PREFIX = 24
IPV6_PREFIX = 64


def network_of(address: str) -> str:
    """The /24 (IPv4) or /64 (IPv6) around `address`, as "203.0.113.0/24";
    "" for an empty or unparsable address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
