//! The model file: role classifier and link scorer with the settings and the training summary
//! that produced them.
//!
//! Layout: the magic `ARGMINE\0`, the format version (u32, little endian), the length of a JSON
//! header (u32) and the header, then the weights: for each of the two models its dimension, class
//! count and number of non-zero rows (u32 each), the biases (f32 each) and the non-zero rows (u32
//! row index, then one f32 per class); last, the sha256 of every byte before it (32 bytes), so
//! that a file whose header or weights changed after training is refused. (The header also holds
//! the sha256 of the weights alone, as format version 1 did; version 1 covered only the weights,
//! and a header edited by hand, `link_threshold` for instance, went unnoticed.)

use super::linear::{LogReg, TrainConfig};
use crate::classify::features::FeatureConfig;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// First bytes of every model file.
pub const MAGIC: &[u8; 8] = b"ARGMINE\0";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 2;
/// Largest header accepted (a corrupted length must not allocate gigabytes).
const MAX_HEADER: u32 = 16 << 20;

/// What the model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelHeader {
    /// Role labels, in the order of the role model's classes.
    pub role_labels: Vec<String>,
    /// Link labels, in the order of the link model's classes.
    pub link_labels: Vec<String>,
    /// Feature settings.
    pub features: FeatureConfig,
    /// Sentence embeddings the model was trained with (`""`: none; else the encoder's name, for
    /// example `all-MiniLM-L6-v2`), appended to the role features and compared in the link features.
    #[serde(default)]
    pub backend: String,
    /// Dimension of those embeddings (0 without).
    #[serde(default)]
    pub embedding_dim: usize,
    /// Training settings.
    pub train: TrainConfig,
    /// Candidate claims per source: within this many units, plus the most central ones.
    pub link_window: usize,
    /// How many of the most central claims are candidates for every source.
    pub link_central: usize,
    /// A link is kept when its probability of not being `none` is at least this.
    pub link_threshold: f32,
    /// Class weights of the link scorer when they differ from `train.balanced` (absent: the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_balanced: Option<bool>,
    /// How the link scorer was trained and is read (absent: pairwise).
    #[serde(default, skip_serializing_if = "LinkObjective::is_pairwise")]
    pub link_objective: LinkObjective,
    /// The roles the link scorer was trained on (absent: the gold roles).
    #[serde(default, skip_serializing_if = "LinkRoles::is_gold")]
    pub link_roles: LinkRoles,
    /// Which units may be a link's target (absent: the claims).
    #[serde(default, skip_serializing_if = "LinkTargets::is_claims")]
    pub link_targets: LinkTargets,
    /// What the model was trained on.
    pub training: TrainingSummary,
    /// Figures measured on the model's training data or by cross-validation, free form.
    #[serde(default)]
    pub metrics: serde_json::Value,
    /// sha256 of the weights that follow the header.
    pub weights_sha256: String,
}

/// How the link scorer judges candidate targets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkObjective {
    /// Each (source, candidate) pair is classified none / support / attack on its own.
    #[default]
    Pairwise,
    /// For each source, one softmax over "no link" and every (candidate, relation); see
    /// [`crate::model::linear::LogReg::train_listwise`].
    Listwise,
}

impl LinkObjective {
    fn is_pairwise(&self) -> bool {
        *self == Self::Pairwise
    }
}

/// The roles of the units the link scorer is trained on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkRoles {
    /// The gold roles: the sources are the gold argumentative units and the candidates include
    /// each source's gold targets.
    #[default]
    Gold,
    /// Roles cross-fitted by role models trained without the document
    /// ([`crate::model::train::crossfit_roles`]), so the link scorer learns on roles as wrong as
    /// those it meets in prediction.
    Crossfit,
}

impl LinkRoles {
    fn is_gold(&self) -> bool {
        *self == Self::Gold
    }
}

/// Which units the linker considers as a link's target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkTargets {
    /// The units the classifier calls claims.
    #[default]
    Claims,
    /// Every unit the classifier calls argumentative (claim, evidence or stance): roles and
    /// links are decided together, and a unit a link points to becomes a claim
    /// ([`crate::link::promote_targets`]). The scorer must learn on predicted roles
    /// ([`LinkRoles::Crossfit`]): on gold roles no link ever targets a non-claim.
    Argumentative,
}

impl LinkTargets {
    fn is_claims(&self) -> bool {
        *self == Self::Claims
    }

    /// Whether a unit of role `role` may be a link's target.
    pub fn admits(self, role: crate::document::Role) -> bool {
        use crate::document::Role;
        match self {
            Self::Claims => role == Role::Claim,
            Self::Argumentative => role != Role::None,
        }
    }
}

/// Counts of the training data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingSummary {
    /// The data specs (`format:path`).
    pub data: Vec<String>,
    /// Documents per spec.
    pub documents: Vec<usize>,
    /// Role examples per role label.
    pub role_examples: Vec<usize>,
    /// Units relabelled as stance by the weak-label rule.
    pub weak_stance: usize,
    /// Link examples per link label.
    pub link_examples: Vec<usize>,
}

/// A trained role classifier and link scorer.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgModel {
    /// Settings and provenance.
    pub header: ModelHeader,
    /// Role classifier (classes in the order of [`crate::Role::ALL`]).
    pub roles: LogReg,
    /// Link scorer (classes none, support, attack).
    pub links: LogReg,
    /// Main-claim model (classes not main, main) over
    /// [`crate::link::main_claim_features`]: present exactly when the link feature set is 4 or
    /// more, stored after the link scorer.
    pub main: Option<LogReg>,
}

fn write_logreg(m: &LogReg, out: &mut Vec<u8>) {
    let rows: Vec<usize> = (0..m.dim())
        .filter(|&j| m.w.row(j).iter().any(|x| *x != 0.0))
        .collect();
    for n in [m.dim(), m.classes(), rows.len()] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for b in m.b.iter() {
        out.extend_from_slice(&b.to_le_bytes());
    }
    for j in rows {
        out.extend_from_slice(&(j as u32).to_le_bytes());
        for x in m.w.row(j) {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> std::result::Result<&[u8], String> {
        let s = self.b.get(self.i..self.i + n).ok_or_else(|| {
            format!(
                "truncated: weights end at byte {} of {}",
                self.b.len(),
                self.i + n
            )
        })?;
        self.i += n;
        Ok(s)
    }
    fn u32(&mut self) -> std::result::Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn f32(&mut self) -> std::result::Result<f32, String> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

fn read_logreg(c: &mut Cursor) -> std::result::Result<LogReg, String> {
    let (dim, classes, rows) = (c.u32()? as usize, c.u32()? as usize, c.u32()? as usize);
    if dim > (1 << 24) + 4096 || classes == 0 || classes > 16 || rows > dim {
        return Err(format!(
            "implausible shape: dimension {dim}, {classes} classes, {rows} rows"
        ));
    }
    let mut m = LogReg::zeros(dim, classes);
    for k in 0..classes {
        m.b[k] = c.f32()?;
    }
    for _ in 0..rows {
        let j = c.u32()? as usize;
        if j >= dim {
            return Err(format!("row {j} outside dimension {dim}"));
        }
        for k in 0..classes {
            m.w[[j, k]] = c.f32()?;
        }
    }
    Ok(m)
}

impl ArgModel {
    /// Write the model (the header's `weights_sha256` is filled in here).
    pub fn write<W: Write>(&self, mut w: W) -> Result<()> {
        let mut payload = Vec::new();
        write_logreg(&self.roles, &mut payload);
        write_logreg(&self.links, &mut payload);
        if let Some(m) = &self.main {
            write_logreg(m, &mut payload);
        }
        let mut header = self.header.clone();
        header.weights_sha256 = crate::util::sha256_hex(&payload);
        let json = serde_json::to_vec_pretty(&header)?;
        let mut file = Vec::with_capacity(16 + json.len() + payload.len() + 32);
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        file.extend_from_slice(&(json.len() as u32).to_le_bytes());
        file.extend_from_slice(&json);
        file.extend_from_slice(&payload);
        let digest = Sha256::digest(&file);
        w.write_all(&file)?;
        w.write_all(&digest)?;
        Ok(())
    }

    /// Read a model; `origin` names it in errors. A file that is not a model, of another format
    /// version, truncated or damaged is an error saying which.
    pub fn read<R: Read>(mut r: R, origin: &Path) -> Result<Self> {
        let err = |msg: String| Error::Model {
            path: PathBuf::from(origin),
            msg,
        };
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)?;
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(err(
                "not an argmine model (no ARGMINE magic at the start)".into()
            ));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        if version == 1 {
            return Err(err(
                "model format version 1, whose checksum does not cover the header: this argmine \
                 reads version 2; retrain it with `argmine train` (or, for a file you trust, \
                 `scripts/model-v2.py`)"
                    .into(),
            ));
        }
        if version != FORMAT_VERSION {
            return Err(err(format!(
                "model format version {version}, this argmine reads version {FORMAT_VERSION}: retrain it with `argmine train`"
            )));
        }
        if bytes.len() < 16 + 32 {
            return Err(err("truncated: no checksum at the end".into()));
        }
        let (body, digest) = bytes.split_at(bytes.len() - 32);
        if Sha256::digest(body).as_slice() != digest {
            return Err(err(
                "damaged or edited (the sha256 at the end does not match the header and weights)"
                    .into(),
            ));
        }
        let bytes = body;
        let hlen = u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes"));
        if hlen > MAX_HEADER || 16 + hlen as usize > bytes.len() {
            return Err(err(format!("truncated or damaged header (length {hlen})")));
        }
        let header: ModelHeader = serde_json::from_slice(&bytes[16..16 + hlen as usize])
            .map_err(|e| err(format!("damaged header: {e}")))?;
        let lf = header.features.link_features;
        if !(1..=crate::classify::features::LINK_FEATURES).contains(&lf) {
            return Err(err(format!(
                "link feature set {lf}, this argmine knows sets 1 to {}: a newer argmine wrote it",
                crate::classify::features::LINK_FEATURES
            )));
        }
        let payload = &bytes[16 + hlen as usize..];
        let sha = Sha256::digest(payload)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        if sha != header.weights_sha256 {
            return Err(err(
                "weights damaged or truncated (sha256 does not match the header)".into(),
            ));
        }
        let mut c = Cursor { b: payload, i: 0 };
        let roles = read_logreg(&mut c).map_err(&err)?;
        let links = read_logreg(&mut c).map_err(&err)?;
        if roles.classes() != 4 || links.classes() != 3 {
            return Err(err("expected 4 role classes and 3 link classes".into()));
        }
        if roles.dim() != (1 << header.features.role_bits) + header.embedding_dim
            || links.dim() != 1 << header.features.link_bits
        {
            return Err(err(
                "weight dimensions do not match the feature settings".into()
            ));
        }
        let main = if lf >= 4 {
            let m = read_logreg(&mut c).map_err(&err)?;
            if m.classes() != 2 || m.dim() != 1 << header.features.link_bits {
                return Err(err(
                    "the main-claim model's dimensions do not match the feature settings".into(),
                ));
            }
            Some(m)
        } else {
            None
        };
        Ok(Self {
            header,
            roles,
            links,
            main,
        })
    }

    /// Read a model file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let f = std::fs::File::open(path).map_err(|e| Error::Model {
            path: path.to_path_buf(),
            msg: e.to_string(),
        })?;
        Self::read(std::io::BufReader::new(f), path)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn model() -> ArgModel {
        let features = FeatureConfig {
            role_bits: 4,
            link_bits: 3,
            char_ngram: 4,
            link_features: 2,
            link_role_probs: false,
            link_sim_rank: false,
            main_words: false,
        };
        let mut roles = LogReg::zeros(16, 4);
        roles.w[[3, 1]] = 0.5;
        roles.b[2] = -1.0;
        let mut links = LogReg::zeros(8, 3);
        links.w[[7, 2]] = 2.0;
        ArgModel {
            header: ModelHeader {
                role_labels: vec![
                    "claim".into(),
                    "evidence".into(),
                    "stance".into(),
                    "none".into(),
                ],
                link_labels: vec!["none".into(), "support".into(), "attack".into()],
                features,
                backend: String::new(),
                embedding_dim: 0,
                train: TrainConfig::default(),
                link_window: 40,
                link_central: 3,
                link_threshold: 0.5,
                link_balanced: None,
                link_objective: LinkObjective::Pairwise,
                link_roles: LinkRoles::Gold,
                link_targets: LinkTargets::Claims,
                training: TrainingSummary::default(),
                metrics: serde_json::Value::Null,
                weights_sha256: String::new(),
            },
            roles,
            links,
            main: None,
        }
    }

    #[test]
    fn round_trip_and_damage() {
        let m = model();
        let mut buf = Vec::new();
        m.write(&mut buf).unwrap();
        let back = ArgModel::read(&buf[..], Path::new("m")).unwrap();
        assert_eq!(back.roles, m.roles);
        assert_eq!(back.links, m.links);
        assert!(back.main.is_none());
        // Link feature set 4 stores a main-claim model after the link scorer, and reads it back.
        let mut m4 = model();
        m4.header.features.link_features = 4;
        let mut main = LogReg::zeros(8, 2);
        main.w[[5, 1]] = 1.5;
        m4.main = Some(main.clone());
        let mut b4 = Vec::new();
        m4.write(&mut b4).unwrap();
        assert_eq!(
            ArgModel::read(&b4[..], Path::new("m")).unwrap().main,
            Some(main)
        );

        let msg = |b: &[u8]| ArgModel::read(b, Path::new("m")).unwrap_err().to_string();
        assert!(
            msg(&buf[..buf.len() - 3]).contains("sha256"),
            "truncated weights"
        );
        assert!(msg(&buf[..20]).contains("no checksum"));
        assert!(msg(b"{\"not\": \"a model\"}").contains("not an argmine model"));
        let mut v3 = buf.clone();
        v3[8] = 3;
        assert!(msg(&v3).contains("format version 3"));
        let mut v1 = buf.clone();
        v1[8] = 1;
        assert!(msg(&v1).contains("does not cover the header"));
        // The link feature set: absent in an older header means set 1; an unknown set is refused.
        let mut h = serde_json::to_value(&m.header).unwrap();
        h["features"]
            .as_object_mut()
            .unwrap()
            .remove("link_features");
        let old: ModelHeader = serde_json::from_value(h).unwrap();
        assert_eq!(old.features.link_features, 1);
        let mut newer = m.clone();
        newer.header.features.link_features = 99;
        let mut nb = Vec::new();
        newer.write(&mut nb).unwrap();
        assert!(msg(&nb).contains("link feature set 99"), "{}", msg(&nb));
        // The link objective is stored when it is not the default.
        let mut lw = m.clone();
        lw.header.link_objective = LinkObjective::Listwise;
        let mut lb = Vec::new();
        lw.write(&mut lb).unwrap();
        let back = ArgModel::read(&lb[..], Path::new("m")).unwrap();
        assert_eq!(back.header.link_objective, LinkObjective::Listwise);
        let mut flipped = buf.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(msg(&flipped).contains("damaged"));
    }

    /// Issue 23, case 5: the checksum covers the header too, so a header edited by hand (here
    /// the link threshold, same length) is refused.
    #[test]
    fn model_header_integrity() {
        let m = model();
        let mut buf = Vec::new();
        m.write(&mut buf).unwrap();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let at = text
            .find("\"link_threshold\": ")
            .expect("threshold in the header")
            + 18;
        let mut edited = buf.clone();
        edited[at] = if edited[at] == b'9' { b'8' } else { b'9' };
        let e = ArgModel::read(&edited[..], Path::new("m"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("damaged or edited"), "{e}");
    }
}
