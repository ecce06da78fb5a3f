//! Encryption of credential secrets at rest: XChaCha20-Poly1305 under a 32-byte key kept in a
//! key file next to the database (`<db path>.key`, mode 0600, created on first use). An
//! in-memory engine uses a random key. Whoever can read both files can read the secrets; the
//! point is that the database file alone (copied, backed up, attached to a bug report) does
//! not reveal them.

use crate::domain::{Error, Result};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// Where the key comes from, loaded (or created) the first time a secret is sealed or opened.
pub struct Keyring {
    file: Option<PathBuf>,
    key: OnceLock<[u8; KEY_LEN]>,
}

impl Keyring {
    /// The key file of a database: `<db path>.key`.
    pub fn for_database(db: &Path) -> Self {
        let mut name = db.as_os_str().to_owned();
        name.push(".key");
        Self {
            file: Some(PathBuf::from(name)),
            key: OnceLock::new(),
        }
    }

    /// The key in this file (a PostgreSQL database: every replica names the same file).
    pub fn at(file: &Path) -> Self {
        Self {
            file: Some(file.to_path_buf()),
            key: OnceLock::new(),
        }
    }

    /// A random key that lives as long as the engine (in-memory databases).
    pub fn ephemeral() -> Self {
        let key = OnceLock::new();
        let _ = key.set(random_key());
        Self { file: None, key }
    }

    pub fn key_file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    fn key(&self) -> Result<&[u8; KEY_LEN]> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let path = self
            .file
            .as_deref()
            .ok_or_else(|| Error::internal("no encryption key"))?;
        let loaded = load_or_create(path)?;
        Ok(self.key.get_or_init(|| loaded))
    }

    /// Encrypts `plain`, bound to `context` (the credentials id) so a sealed blob cannot be
    /// moved to another row. Returns nonce || ciphertext.
    pub fn seal(&self, context: &str, plain: &[u8]) -> Result<Vec<u8>> {
        let cipher = XChaCha20Poly1305::new(Key::from_slice(self.key()?));
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Error::internal("cannot encrypt secrets"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts what `seal` produced for the same context.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        let key = self.key()?;
        let fail = || {
            let file = self
                .file
                .as_deref()
                .map_or("the in-memory key".to_string(), |p| p.display().to_string());
            Error::internal(format!(
                "cannot decrypt stored secrets: the key ({file}) does not match the database"
            ))
        };
        if sealed.len() < NONCE_LEN {
            return Err(fail());
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        XChaCha20Poly1305::new(Key::from_slice(key))
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| fail())
    }
}

fn random_key() -> [u8; KEY_LEN] {
    let mut key = [0u8; KEY_LEN];
    rand::rng().fill_bytes(&mut key);
    key
}

/// Reads the key file, or creates it (hex, mode 0600). Creation writes a temporary file and
/// hard-links it into place, so two processes racing never see half a key.
fn load_or_create(path: &Path) -> Result<[u8; KEY_LEN]> {
    match std::fs::read_to_string(path) {
        Ok(text) => return parse_key(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(key_error(path, &e)),
    }
    let key = random_key();
    let tmp = path.with_extension(format!("key.{}.tmp", std::process::id()));
    write_private(&tmp, format!("{}\n", hex::encode(key)).as_bytes())
        .map_err(|e| key_error(&tmp, &e))?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(|e| key_error(path, &e))?;
            parse_key(path, &text)
        }
        Err(e) => Err(key_error(path, &e)),
    }
}

fn parse_key(path: &Path, text: &str) -> Result<[u8; KEY_LEN]> {
    hex::decode(text.trim())
        .ok()
        .and_then(|bytes| <[u8; KEY_LEN]>::try_from(bytes).ok())
        .ok_or_else(|| {
            Error::internal(format!(
                "key file {} is damaged (expected {} hex digits)",
                path.display(),
                KEY_LEN * 2
            ))
        })
}

fn key_error(path: &Path, e: &std::io::Error) -> Error {
    Error::internal(format!("key file {}: {e}", path.display()))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open_round_trip_bound_to_context() {
        let ring = Keyring::ephemeral();
        let sealed = ring.seal("cred-1", b"hunter2").unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        assert_eq!(ring.open("cred-1", &sealed).unwrap(), b"hunter2");
        assert!(ring.open("cred-2", &sealed).is_err());
        assert!(ring.open("cred-1", &sealed[..10]).is_err());
        assert!(Keyring::ephemeral().open("cred-1", &sealed).is_err());
    }

    #[test]
    fn key_file_is_created_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("nfdeck.db");
        let ring = Keyring::for_database(&db);
        assert_eq!(ring.key_file().unwrap(), dir.path().join("nfdeck.db.key"));
        assert!(
            !dir.path().join("nfdeck.db.key").exists(),
            "created on first use only"
        );
        let sealed = ring.seal("c", b"secret").unwrap();
        let again = Keyring::for_database(&db);
        assert_eq!(again.open("c", &sealed).unwrap(), b"secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(ring.key_file().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(ring.key_file().unwrap(), "not hex").unwrap();
        let damaged = Keyring::for_database(&db);
        assert!(
            damaged
                .seal("c", b"x")
                .unwrap_err()
                .message
                .contains("damaged")
        );
    }
}
