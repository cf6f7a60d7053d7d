//! Which addresses folio may connect to on a user's behalf (images
//! brought home today, webhooks later): the public internet only. A URL
//! in an imported post must not make folio reach the machine it runs on,
//! its private network, or a cloud's metadata service (server-side
//! request forgery), unless `FOLIO_MEDIA_FETCH_ALLOW` names the address.
//!
//! The check is on addresses, after resolving, by the resolver the HTTP
//! client connects through (`GuardedResolver`): a name that resolves to
//! 127.0.0.1, or is rebound to it between a check and the connection, is
//! refused all the same. Redirects go through it too.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;

/// The addresses allowed besides the public ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressRules {
    allowed: Vec<IpNet>,
}

impl AddressRules {
    /// `FOLIO_MEDIA_FETCH_ALLOW`: addresses or networks (`127.0.0.1`,
    /// `10.0.0.0/8`, `::1`), separated by commas or spaces.
    pub fn parse(list: &str) -> Result<AddressRules, String> {
        let allowed = list
            .split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                let s = s.trim();
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{s:?} is not an address or a network"))
            })
            .collect::<Result<_, _>>()?;
        Ok(AddressRules { allowed })
    }

    /// Whether folio may connect to `ip`.
    pub fn permits(&self, ip: IpAddr) -> bool {
        is_public(ip) || self.allowed.iter().any(|net| net.contains(&ip))
    }
}

/// An address on the public internet: not this machine, not a private or
/// shared network, not link-local (where cloud metadata services live,
/// 169.254.169.254 and fd00:ec2::254), not multicast, reserved or for
/// documentation.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_v4(v6) {
                return public_v4(v4);
            }
            let first = v6.segments()[0];
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local, fc00::/7
                || (first & 0xffc0) == 0xfe80 // link-local, fe80::/10
                || (first & 0xffc0) == 0xfec0 // site-local, fec0::/10
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)) // documentation
        }
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || a == 0 // "this network"
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || (a == 100 && (b & 0xc0) == 64) // shared (carrier NAT), 100.64.0.0/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || ip.is_documentation()
        || (a == 198 && (b & 0xfe) == 18) // benchmarking, 198.18.0.0/15
        || ip.is_multicast()
        || a >= 240) // reserved, and broadcast
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-
/// compatible or NAT64 (`64:ff9b::/96`) address, which reach it.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let mapped = s[..5] == [0; 5] && s[5] == 0xffff;
    let compatible = s[..6] == [0; 6] && !(s[6] == 0 && s[7] <= 1);
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4];
    (mapped || compatible || nat64).then_some(low)
}

/// A name resolved to no address folio may connect to.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to addresses folio does not fetch from ({addresses})")]
pub struct Refused {
    pub host: String,
    pub addresses: String,
}

/// The HTTP client's resolver: the system's, less the addresses the
/// rules refuse.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub rules: Arc<AddressRules>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let rules = self.rules.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (ok, refused): (Vec<SocketAddr>, Vec<SocketAddr>) =
                found.into_iter().partition(|a| rules.permits(a.ip()));
            if ok.is_empty() {
                let addresses = refused
                    .iter()
                    .map(|a| a.ip().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Box::new(Refused { host, addresses }) as _);
            }
            Ok(Box::new(ok.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_unless_allowed() {
        let none = AddressRules::default();
        for refused in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(!none.permits(refused.parse().unwrap()), "{refused}");
        }
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(none.permits(public.parse().unwrap()), "{public}");
        }
        let some = AddressRules::parse("127.0.0.1, 10.0.0.0/8 ::1").unwrap();
        assert!(some.permits("127.0.0.1".parse().unwrap()));
        assert!(some.permits("10.9.9.9".parse().unwrap()));
        assert!(some.permits("::1".parse().unwrap()));
        assert!(!some.permits("127.0.0.2".parse().unwrap()));
        assert!(AddressRules::parse("localhost").is_err());
        assert_eq!(AddressRules::parse("").unwrap(), AddressRules::default());
    }
}
