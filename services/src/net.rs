//! Who the client is on the network: behind a TLS proxy or load balancer every request
//! comes from the proxy, so the client's address is the right-most `X-Forwarded-For`
//! hop that is not one of the trusted proxies (`MOTCUA_TRUSTED_PROXIES`). A peer that is
//! not a trusted proxy is the client, whatever it claims in that header. Rate limits
//! key on this address.

use ipnet::IpNet;
use std::net::IpAddr;

/// The client's address as the limits and the audit log see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Who the per-client limits count: an enrolled kiosk by its device credential (a
/// centre's kiosks share one address behind its NAT, and would otherwise share one
/// quota with each other and with every phone on the centre's Wi-Fi), anyone else by
/// client address. Per-phone and per-account limits apply on top.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientKey(String);

impl ClientKey {
    #[must_use]
    pub fn address(ip: ClientIp) -> Self {
        Self(ip.to_string())
    }

    #[must_use]
    pub fn kiosk(kiosk_id: i64) -> Self {
        Self(format!("{KIOSK_PREFIX}{kiosk_id}"))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether a limit's key (as [`Self::as_str`] gave it) is a kiosk's, whose quota
    /// serves one citizen after another.
    #[must_use]
    pub fn is_kiosk(key: &str) -> bool {
        key.starts_with(KIOSK_PREFIX)
    }
}

const KIOSK_PREFIX: &str = "kiosk:";

/// The proxies whose `X-Forwarded-For` is believed: addresses or networks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// `10.0.0.5, 10.1.0.0/16, ::1` (commas or spaces); empty trusts nobody.
    ///
    /// # Errors
    /// The item that is neither an address nor a network.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(|i| {
                i.parse::<IpNet>()
                    .or_else(|_| i.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| i.to_owned())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client of a request from `peer` carrying these `X-Forwarded-For` values (in
    /// the order they arrived; each may list several hops).
    #[must_use]
    pub fn client_ip<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> ClientIp {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return ClientIp(peer);
        }
        let hops: Vec<&str> = forwarded_for
            .into_iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A hop that does not parse cannot be believed: the last trusted address stands.
            let Some(ip) = parse_hop(hop) else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        ClientIp(client)
    }
}

/// An IPv4 address seen as IPv6 (`::ffff:1.2.3.4`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    hop.parse::<std::net::SocketAddr>()
        .ok()
        .map(|s| canonical(s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_ip(ip("203.0.113.9"), ["198.51.100.1"]).0,
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let t = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        // nginx appends the address it saw; a client can only forge what is left of it.
        let got = t.client_ip(ip("127.0.0.1"), ["6.6.6.6, 198.51.100.7, 10.1.2.3"]);
        assert_eq!(got.0, ip("198.51.100.7"));
        // Several headers count in order; ports and brackets are allowed.
        let got = t.client_ip(ip("10.0.0.1"), ["6.6.6.6", "[2001:db8::7]:443"]);
        assert_eq!(got.0, ip("2001:db8::7"));
        // No header: the proxy itself.
        assert_eq!(t.client_ip(ip("127.0.0.1"), []).0, ip("127.0.0.1"));
        // Garbage stops the walk at the last address believed.
        let got = t.client_ip(ip("127.0.0.1"), ["198.51.100.7, not-an-ip"]);
        assert_eq!(got.0, ip("127.0.0.1"));
        // IPv4 seen over IPv6 is the same address.
        assert_eq!(
            t.client_ip(ip("::ffff:127.0.0.1"), ["198.51.100.8"]).0,
            ip("198.51.100.8")
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address() {
        let t = TrustedProxies::parse("127.0.0.1").unwrap();
        let got = t.client_ip(ip("203.0.113.9"), ["198.51.100.1"]);
        assert_eq!(got.0, ip("203.0.113.9"));
    }

    #[test]
    fn the_list_names_what_it_cannot_read() {
        assert_eq!(
            TrustedProxies::parse("10.0.0.1, 300.1.1.1"),
            Err("300.1.1.1".to_owned())
        );
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        assert!(TrustedProxies::parse("::1 fd00::/8").is_ok());
    }
}
