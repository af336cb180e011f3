//! Ingest: bytes to text.
//!
//! [`extract`] takes a document as users have it: plain text, a PDF with a text layer
//! ([`pdf`]: reading order across columns) or an HTML page ([`html`]: its main text). [`decode`]
//! reads plain text: a UTF-8 byte order mark is stripped; UTF-16 with a byte order mark is
//! decoded; files that look binary (known magic numbers, or mostly control bytes) and invalid
//! UTF-8 are errors that name the byte offset. Line ends (LF, CRLF, lone CR) are kept as they
//! are: the normaliser reads all three.

pub mod html;
pub mod pdf;

use crate::{Error, Result};

/// What kind of document the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text.
    Text,
    /// A PDF: its text layer.
    Pdf,
    /// An HTML page: its main text.
    Html,
}

impl Kind {
    /// The kind of a document, from its bytes, and from its file name's extension when it has
    /// one (`.html` and `.htm` are HTML; a PDF is known by its signature wherever it is named).
    pub fn sniff(bytes: &[u8], name: Option<&str>) -> Kind {
        let head = &bytes[..bytes.len().min(1024)];
        // The header may follow up to 1,024 bytes of junk (PDF 1.7, annex H); then the file
        // ends with an end-of-file marker.
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        if bytes.starts_with(b"%PDF-")
            || head.windows(5).any(|w| w == b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
        {
            return Kind::Pdf;
        }
        let ext = name
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase());
        if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
            return Kind::Html;
        }
        if matches!(ext.as_deref(), Some("txt" | "text" | "md")) {
            return Kind::Text;
        }
        // Unnamed (standard input) or another extension: an HTML page by its first tag.
        let start = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
        let start = start.trim_start_matches('\u{feff}').trim_start();
        if start.starts_with("<!doctype html") || start.starts_with("<html") {
            return Kind::Html;
        }
        Kind::Text
    }

    /// The kind's name, as documents.csv and messages say it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Pdf => "pdf",
            Kind::Html => "html",
        }
    }
}

/// The text of a document, whatever its kind, with the title its file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The text the pipeline reads (and the offsets of its output refer to).
    pub text: String,
    /// The title: a PDF's information dictionary's, an HTML page's; `None` for plain text.
    pub title: Option<String>,
    /// What the bytes were.
    pub kind: Kind,
}

/// The text of the document `bytes`, named `name` (a file name, for its extension; `None` for
/// standard input): plain text decoded, a PDF's text layer in reading order, an HTML page's main
/// text.
pub fn extract(bytes: &[u8], name: Option<&str>) -> Result<Extracted> {
    let kind = Kind::sniff(bytes, name);
    match kind {
        Kind::Text => Ok(Extracted {
            text: decode(bytes)?.text,
            title: None,
            kind,
        }),
        Kind::Pdf => {
            let p = pdf::extract(bytes)?;
            Ok(Extracted {
                text: p.text,
                title: p.title,
                kind,
            })
        }
        Kind::Html => {
            let h = html::extract(&decode(bytes)?.text)?;
            Ok(Extracted {
                text: h.text,
                title: h.title,
                kind,
            })
        }
    }
}

/// Known file signatures of binary formats that users pass by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
];

/// How many leading bytes are inspected for control characters.
const SNIFF: usize = 8192;

/// Decoded text of a document, with the number of bytes skipped before it (a byte order mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Bytes removed from the front of the input (3 for a UTF-8 BOM).
    pub bom_len: usize,
}

/// Decode the bytes of a text file.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return utf16(rest, u16::from_le_bytes).map(|text| Decoded { text, bom_len: 2 });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return utf16(rest, u16::from_be_bytes).map(|text| Decoded { text, bom_len: 2 });
    }
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Err(Error::Binary {
                kind: (*kind).to_string(),
                offset: 0,
            });
        }
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // Text with a stray control byte is still text; a file where one byte in ten is a control
    // byte is not.
    if !head.is_empty() && control * 10 > head.len() {
        let offset = head
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
            .unwrap_or(0);
        return Err(Error::Binary {
            kind: "control bytes".to_string(),
            offset,
        });
    }
    utf8(bytes, 0)
}

fn utf8(bytes: &[u8], bom_len: usize) -> Result<Decoded> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            bom_len,
        }),
        Err(e) => Err(Error::InvalidUtf8 {
            offset: bom_len + e.valid_up_to(),
        }),
    }
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> Result<String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::Encoding {
            encoding: "UTF-16 with an odd number of bytes".to_string(),
        });
    }
    let units = bytes.chunks_exact(2).map(|c| read([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(Error::Encoding {
                    encoding: format!("UTF-16 with an unpaired surrogate at byte {}", 2 + 2 * i),
                })
            }
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_rejects() {
        let ok = |b: &[u8]| decode(b).map(|d| d.text);
        assert_eq!(ok(b"plain").unwrap(), "plain");
        assert_eq!(ok(b"\xef\xbb\xbfbom\r\n").unwrap(), "bom\r\n");
        assert_eq!(ok(b"\xff\xfeh\x00i\x00").unwrap(), "hi");
        assert_eq!(ok(b"\xfe\xff\x00h\x00i").unwrap(), "hi");
        assert_eq!(ok(b"").unwrap(), "");
        assert!(matches!(
            decode(b"abc\xffdef"),
            Err(Error::InvalidUtf8 { offset: 3 })
        ));
        assert!(matches!(
            decode(b"\xef\xbb\xbfab\xc3"),
            Err(Error::InvalidUtf8 { offset: 5 })
        ));
        assert!(matches!(
            decode(b"%PDF-1.7\n..."),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            decode(b"\x1f\x8b\x08\0"),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            decode(b"\0\0\0\0\x01\x02ab"),
            Err(Error::Binary { offset: 0, .. })
        ));
        // One stray NUL in a long text is still text.
        let mut t = vec![b'a'; 100];
        t[50] = 0;
        assert!(decode(&t).is_ok());
    }
}
