//! The client's address behind trusted reverse proxies (`--trusted-proxy CIDR`). Rate limits,
//! sign-in throttling and the audit log all use the address resolved here, once per request.

use axum::http::HeaderMap;
use std::net::IpAddr;
use std::str::FromStr;

/// An address block, `10.0.0.0/8` or `fd00::/8`; a bare address is a block of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, unmapped(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_matches(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_matches(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

/// An IPv4 client seen through an IPv6 socket (`::ffff:a.b.c.d`) is that IPv4 address.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_matches(net: &[u8], ip: &[u8], prefix: u8) -> bool {
    let full = usize::from(prefix / 8);
    let rest = prefix % 8;
    if net[..full] != ip[..full] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    net[full] & mask == ip[full] & mask
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let network: IpAddr = addr
            .parse()
            .map_err(|_| format!("'{s}' is not an IP address or CIDR block"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("'{s}': the prefix length must be 0–{max}"))?,
        };
        Ok(Cidr {
            network: unmapped(network),
            prefix: if network.is_ipv6() && unmapped(network).is_ipv4() {
                prefix.saturating_sub(96)
            } else {
                prefix
            },
        })
    }
}

/// The client of a request that came from `peer`: when `peer` is a trusted proxy, the
/// rightmost `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its left
/// are whatever the client claimed). An untrusted peer's `X-Forwarded-For` is ignored.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[Cidr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let mut client = unmapped(peer);
    if !is_trusted(client) {
        return client;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for entry in forwarded.into_iter().rev() {
        // A garbled entry ends the chain: the last trusted hop is all that is known.
        let Ok(ip) = entry.trim().parse::<IpAddr>() else {
            break;
        };
        client = unmapped(ip);
        if !is_trusted(client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn cidr(s: &str) -> Cidr {
        s.parse().unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_matches_v4_and_v6_blocks() {
        assert!(cidr("10.0.0.0/8").contains(ip("10.200.3.4")));
        assert!(!cidr("10.0.0.0/8").contains(ip("11.0.0.1")));
        assert!(cidr("192.168.1.0/23").contains(ip("192.168.0.9")));
        assert!(!cidr("192.168.2.0/23").contains(ip("192.168.1.9")));
        assert!(cidr("127.0.0.1").contains(ip("127.0.0.1")));
        assert!(!cidr("127.0.0.1").contains(ip("127.0.0.2")));
        assert!(cidr("0.0.0.0/0").contains(ip("203.0.113.7")));
        assert!(cidr("fd00::/8").contains(ip("fd12:3456::1")));
        assert!(!cidr("fd00::/8").contains(ip("fe80::1")));
        assert!(cidr("2001:db8::/127").contains(ip("2001:db8::1")));
        assert!(!cidr("2001:db8::/127").contains(ip("2001:db8::2")));
        assert!(cidr("::1").contains(ip("::1")));
        assert!(
            !cidr("10.0.0.0/8").contains(ip("::1")),
            "families never mix"
        );
        assert!(
            cidr("10.0.0.0/8").contains(ip("::ffff:10.1.2.3")),
            "an IPv4 peer on an IPv6 socket"
        );
        assert!(cidr("::ffff:10.0.0.0/104").contains(ip("10.1.2.3")));
        for bad in [
            "10.0.0.0/33",
            "fd00::/129",
            "10.0.0/8",
            "10.0.0.0/",
            "x",
            "10.0.0.0/-1",
        ] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_rightmost_untrusted_entry_is_the_client() {
        let trusted = [cidr("127.0.0.1/32"), cidr("10.0.0.0/8")];
        let h = forwarded(&["6.6.6.6, 192.0.2.44", "10.1.1.1"]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &h, &trusted),
            ip("192.0.2.44"),
            "6.6.6.6 is the client's own claim"
        );
        assert_eq!(
            client_address(ip("198.51.100.1"), &h, &trusted),
            ip("198.51.100.1"),
            "an untrusted peer's header is ignored"
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_address(
                ip("127.0.0.1"),
                &forwarded(&["nonsense, 10.2.2.2"]),
                &trusted
            ),
            ip("10.2.2.2"),
            "a garbled entry ends the chain"
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &forwarded(&["2001:db8::5"]), &trusted),
            ip("2001:db8::5")
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &h, &[]),
            ip("127.0.0.1"),
            "no trusted proxy configured"
        );
    }
}
