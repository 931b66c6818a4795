//! `MOTCUA_BLOB_STORE` and the bucket's `MOTCUA_S3_*`: where files are kept.

use super::Environment;
use anyhow::{Context as _, bail};
use services::blobs::{Kind, S3Settings, Settings};
use std::path::Path;

/// The store (by default the database with PostgreSQL, a directory with SQLite) and,
/// when `MOTCUA_S3_BUCKET` is set, the bucket, which `motcua blobs migrate` can then
/// use whichever store serves.
pub(super) fn settings(
    get: &impl Fn(&str) -> Option<String>,
    engine: services::Engine,
    environment: Environment,
    data_dir: &Path,
) -> anyhow::Result<Settings> {
    let kind = match get("MOTCUA_BLOB_STORE").as_deref().map(str::trim) {
        None | Some("") => Kind::default_for(engine),
        Some(v) => Kind::parse(v).with_context(|| {
            format!("MOTCUA_BLOB_STORE must be `database`, `directory` or `s3`, not {v:?}")
        })?,
    };
    let s3 = s3_settings(get, environment)?;
    if kind == Kind::S3 && s3.is_none() {
        bail!("MOTCUA_BLOB_STORE=s3 needs the bucket: set MOTCUA_S3_BUCKET");
    }
    Ok(Settings {
        kind,
        dir: data_dir.join("blobs"),
        s3,
    })
}

fn s3_settings(
    get: &impl Fn(&str) -> Option<String>,
    environment: Environment,
) -> anyhow::Result<Option<S3Settings>> {
    let value = |name: &str| {
        get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let Some(bucket) = value("MOTCUA_S3_BUCKET") else {
        return Ok(None);
    };
    // The rules of S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens.
    let name_ok = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && !bucket.starts_with(['.', '-'])
        && !bucket.ends_with(['.', '-']);
    if !name_ok {
        bail!(
            "MOTCUA_S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots and hyphens), not {bucket:?}"
        );
    }
    let need = |name: &str| {
        value(name).with_context(|| format!("{name} is required with MOTCUA_S3_BUCKET"))
    };
    let access_key_id = need("MOTCUA_S3_ACCESS_KEY_ID")?;
    let secret_access_key = need("MOTCUA_S3_SECRET_ACCESS_KEY")?;
    let endpoint = match value("MOTCUA_S3_ENDPOINT") {
        None => None,
        Some(v) => Some(endpoint(&v, environment)?),
    };
    let prefix = match value("MOTCUA_S3_PREFIX") {
        None => String::new(),
        Some(p) => {
            let p = p.trim_matches('/');
            if !p
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
                || p.split('/')
                    .any(|part| part.is_empty() || part == "." || part == "..")
            {
                bail!(
                    "MOTCUA_S3_PREFIX must be a folder name such as motcua/files (letters, digits, - _ . /), not {p:?}"
                );
            }
            format!("{p}/")
        }
    };
    // The region names Amazon's host when no endpoint is given: letters, digits, '-'.
    let region = value("MOTCUA_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned());
    if region.len() > 32
        || !region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        bail!("MOTCUA_S3_REGION must be a region name such as ap-southeast-1, not {region:?}");
    }
    Ok(Some(S3Settings {
        bucket,
        endpoint,
        region,
        access_key_id,
        secret_access_key,
        prefix,
    }))
}

/// The store's address: http(s), a host, nothing else (no user, query or fragment).
/// Citizens' documents never cross a network in clear: plain HTTP only to a store on
/// this machine, unless this is a development machine.
fn endpoint(v: &str, environment: Environment) -> anyhow::Result<String> {
    let refuse = || {
        anyhow::anyhow!(
            "MOTCUA_S3_ENDPOINT must be an address such as https://s3.example.gov.vn, not {v:?}"
        )
    };
    let url = reqwest::Url::parse(v).map_err(|_| refuse())?;
    let plain = match url.scheme() {
        "https" => false,
        "http" => true,
        _ => return Err(refuse()),
    };
    if url.host().is_none()
        || !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(refuse());
    }
    let local = match url.host_str() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    };
    if plain && !local && environment == Environment::Production {
        bail!(
            "MOTCUA_S3_ENDPOINT must use https:// in production (plain http only to a store on this machine), not {v:?}"
        );
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::tests::load;
    use services::blobs::Kind;

    const BUCKET: [(&str, &str); 4] = [
        ("MOTCUA_S3_BUCKET", "motcua-files"),
        ("MOTCUA_S3_ACCESS_KEY_ID", "motcua"),
        (
            "MOTCUA_S3_SECRET_ACCESS_KEY",
            "a secret the logs never show",
        ),
        ("MOTCUA_S3_ENDPOINT", "http://127.0.0.1:9000/"),
    ];

    /// Issue 17: several nodes on PostgreSQL share their files through the database
    /// unless told otherwise; one SQLite node keeps them on its disk.
    #[test]
    fn files_follow_the_engine_unless_set() {
        assert_eq!(load(&[]).unwrap().blobs.kind, Kind::Directory);
        let pg = load(&[("MOTCUA_DATABASE_URL", "postgres://u:p@db/motcua")]).unwrap();
        assert_eq!(pg.blobs.kind, Kind::Database);
        assert!(pg.blobs.s3.is_none());
        let set = load(&[
            ("MOTCUA_DATABASE_URL", "postgres://u:p@db/motcua"),
            ("MOTCUA_BLOB_STORE", "directory"),
        ])
        .unwrap();
        assert_eq!(set.blobs.kind, Kind::Directory);
        assert!(set.blobs.dir.ends_with("blobs"));
    }

    #[test]
    fn a_bucket_is_read_whole_and_its_secret_never_shown() {
        let mut pairs = BUCKET.to_vec();
        pairs.push(("MOTCUA_BLOB_STORE", "s3"));
        pairs.push(("MOTCUA_S3_PREFIX", "/tinh/files/"));
        let s = load(&pairs).unwrap();
        assert_eq!(s.blobs.kind, Kind::S3);
        let s3 = s.blobs.s3.clone().unwrap();
        assert_eq!(s3.bucket, "motcua-files");
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(s3.region, "us-east-1");
        assert_eq!(s3.prefix, "tinh/files/");
        assert!(!format!("{s:?}").contains("a secret the logs never show"));
        // A bucket configured beside another store is there for `motcua blobs migrate`.
        let beside = load(&BUCKET).unwrap();
        assert_eq!(beside.blobs.kind, Kind::Directory);
        assert!(beside.blobs.s3.is_some());
    }

    #[test]
    fn an_incomplete_or_unsafe_bucket_is_refused() {
        let err = |pairs: &[(&str, &str)]| format!("{:#}", load(pairs).unwrap_err());
        assert!(err(&[("MOTCUA_BLOB_STORE", "s3")]).contains("MOTCUA_S3_BUCKET"));
        assert!(err(&[("MOTCUA_BLOB_STORE", "nfs")]).contains("`s3`"));
        assert!(err(&BUCKET[..2]).contains("MOTCUA_S3_SECRET_ACCESS_KEY"));
        let named = |bucket| {
            let mut p = BUCKET.to_vec();
            p[0] = ("MOTCUA_S3_BUCKET", bucket);
            err(&p)
        };
        assert!(named("Motcua_Files").contains("bucket name"));
        assert!(named("-motcua").contains("bucket name"));
        let mut p = BUCKET.to_vec();
        p.push(("MOTCUA_S3_PREFIX", "files/../secrets"));
        assert!(err(&p).contains("MOTCUA_S3_PREFIX"));
        p.pop();
        for bad in [
            "s3.example.gov.vn",
            "ftp://s3.example.gov.vn",
            "https://key:secret@s3.example.gov.vn",
            "https://s3.example.gov.vn/?x=1",
        ] {
            p[3] = ("MOTCUA_S3_ENDPOINT", bad);
            assert!(err(&p).contains("MOTCUA_S3_ENDPOINT"), "{bad}");
        }
        p[3] = ("MOTCUA_S3_ENDPOINT", "http://127.0.0.1:9000");
        p.push(("MOTCUA_S3_REGION", "vn.evil.com/x"));
        assert!(err(&p).contains("MOTCUA_S3_REGION"));
        // Production: documents travel in clear to nowhere but this machine.
        let mut prod = vec![
            ("MOTCUA_ENV", "production"),
            ("MOTCUA_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
            (
                "MOTCUA_BANK_WEBHOOK_SECRET",
                "fedcba9876543210fedcba9876543210",
            ),
            ("MOTCUA_SMS_PROVIDER", "esms"),
            ("MOTCUA_SMS_API_KEY", "k"),
            ("MOTCUA_SMS_SECRET_KEY", "s"),
            ("MOTCUA_SMS_BRANDNAME", "MOTCUA"),
        ];
        prod.extend_from_slice(&BUCKET[..3]);
        // A host that only looks local (the part before '@' is a user name) is not.
        for remote in [
            "http://10.0.0.7:9000",
            "http://localhost:9000@evil.example",
            "http://127.0.0.1:@evil.example",
            "http://[::1]@evil.example",
        ] {
            prod.push(("MOTCUA_S3_ENDPOINT", remote));
            let e = err(&prod);
            assert!(e.contains("MOTCUA_S3_ENDPOINT"), "{remote}: {e}");
            prod.pop();
        }
        for local in [
            "http://[::1]:9000",
            "http://localhost:9000",
            "HTTPS://S3.example.gov.vn",
        ] {
            prod.push(("MOTCUA_S3_ENDPOINT", local));
            assert!(load(&prod).is_ok(), "{local}");
            prod.pop();
        }
        prod.push(("MOTCUA_S3_ENDPOINT", "http://127.0.0.1:9000"));
        assert!(load(&prod).is_ok(), "a store on this machine");
        prod.pop();
        prod.push(("MOTCUA_S3_ENDPOINT", "https://s3.example.gov.vn"));
        assert!(load(&prod).is_ok());
    }
}
