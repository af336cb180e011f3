//! General English cue lexicons and the cue features of a unit.
//!
//! The lists are general: reporting and attribution verbs, words of goals and demands, evaluative
//! and modal language, hedges, causal and discourse markers, and the shapes of numbers, money,
//! dates and sources. None of them names a word or fact of any particular article: words that
//! occur in the seed article are listed only where they are textbook cues (modals, hedges such as
//! "likely", discourse markers), never because the seed uses them.

use crate::document::Sentence;
use crate::util::words::{words, FUNCTION_START};
use ndarray::Array1;

/// Names of the cue features, in the order of [`cue_features`].
pub const FEATURES: &[&str] = &[
    "bias",
    "heading",
    "heading_with_verb",
    "short",
    "log_length",
    "number",
    "percent",
    "money",
    "year",
    "date",
    "poll_or_study",
    "attribution",
    "reporting_verb",
    "goal_or_demand_verb",
    "goal_or_demand_noun",
    "named_actor_subject",
    "first_person",
    "modal",
    "hedge",
    "evaluative",
    "causal",
    "enumerating_marker",
    "contrast",
    "quotation",
    "event_verb",
    "comparative",
    "negation",
    "paragraph_initial",
    "question",
];

const REPORTING: &[&str] = &[
    "acknowledged",
    "added",
    "admitted",
    "announced",
    "argued",
    "asserted",
    "claimed",
    "confirmed",
    "declared",
    "denied",
    "emphasised",
    "emphasized",
    "explained",
    "indicated",
    "insisted",
    "maintained",
    "mentioned",
    "noted",
    "reiterated",
    "remarked",
    "replied",
    "reported",
    "said",
    "says",
    "stated",
    "states",
    "stressed",
    "told",
    "warned",
    "wrote",
];

const GOAL_VERBS: &[&str] = &[
    "aim",
    "aimed",
    "aims",
    "demand",
    "demanded",
    "demanding",
    "demands",
    "desire",
    "desires",
    "determined",
    "favor",
    "favors",
    "favour",
    "favours",
    "hope",
    "hoped",
    "hopes",
    "insist",
    "insisted",
    "insists",
    "intend",
    "intended",
    "intends",
    "object",
    "objected",
    "offer",
    "offered",
    "offers",
    "oppose",
    "opposed",
    "opposes",
    "plan",
    "planned",
    "plans",
    "pledged",
    "prefer",
    "preferred",
    "prefers",
    "promised",
    "propose",
    "proposed",
    "proposes",
    "refuse",
    "refused",
    "refuses",
    "reject",
    "rejected",
    "rejects",
    "seek",
    "seeking",
    "seeks",
    "sought",
    "strive",
    "strives",
    "threatened",
    "unwilling",
    "urge",
    "urged",
    "urges",
    "vowed",
    "want",
    "wanted",
    "wants",
    "willing",
    "wish",
    "wishes",
];

const GOAL_NOUNS: &[&str] = &[
    "aim",
    "ambition",
    "ambitions",
    "condition",
    "conditions",
    "demand",
    "demands",
    "goal",
    "goals",
    "intention",
    "objective",
    "objectives",
    "offer",
    "plan",
    "position",
    "preference",
    "priority",
    "priorities",
    "proposal",
    "proposals",
    "request",
    "requirement",
    "ultimatum",
];

const POLL: &[&str] = &[
    "census",
    "data",
    "estimate",
    "estimates",
    "figures",
    "finding",
    "findings",
    "index",
    "poll",
    "polls",
    "rate",
    "ratio",
    "report",
    "research",
    "respondents",
    "statistics",
    "studies",
    "study",
    "survey",
    "surveys",
    "per",
    "percent",
    "percentage",
];

const MODAL: &[&str] = &[
    "can",
    "cannot",
    "could",
    "may",
    "might",
    "must",
    "need",
    "needs",
    "ought",
    "shall",
    "should",
    "will",
    "would",
    "won't",
    "can't",
    "couldn't",
    "wouldn't",
    "shouldn't",
];

const HEDGE: &[&str] = &[
    "apparently",
    "appear",
    "appears",
    "arguably",
    "likely",
    "perhaps",
    "possibly",
    "presumably",
    "probably",
    "seem",
    "seemingly",
    "seems",
    "suggest",
    "suggests",
    "unlikely",
    "doubt",
    "doubtful",
];

const EVALUATIVE: &[&str] = &[
    "advantage",
    "bad",
    "better",
    "best",
    "central",
    "challenge",
    "clear",
    "clearly",
    "critical",
    "crucial",
    "dangerous",
    "decisive",
    "difficult",
    "disadvantage",
    "effective",
    "essential",
    "fails",
    "failure",
    "fundamental",
    "good",
    "important",
    "impossible",
    "ineffective",
    "key",
    "main",
    "major",
    "necessary",
    "obviously",
    "primary",
    "problem",
    "problematic",
    "risk",
    "serious",
    "significant",
    "strong",
    "success",
    "successful",
    "threat",
    "unable",
    "unacceptable",
    "vital",
    "weak",
    "worse",
    "worst",
    "nature",
    "certainly",
    "indeed",
    "undoubtedly",
];

const CAUSAL: &[&str] = &[
    "because",
    "consequently",
    "hence",
    "reason",
    "reasons",
    "result",
    "since",
    "therefore",
    "thus",
    "cause",
    "causes",
    "due",
    "owing",
    "explains",
    "why",
    "leads",
];

const ENUMERATING: &[&str] = &[
    "first",
    "firstly",
    "second",
    "secondly",
    "third",
    "thirdly",
    "finally",
    "furthermore",
    "moreover",
    "additionally",
    "another",
    "also",
    "lastly",
];

const CONTRAST: &[&str] = &[
    "although",
    "but",
    "despite",
    "however",
    "nevertheless",
    "nonetheless",
    "though",
    "whereas",
    "while",
    "yet",
];

const EVENT: &[&str] = &[
    "agreed",
    "began",
    "begun",
    "built",
    "deployed",
    "doubled",
    "dropped",
    "elected",
    "fell",
    "grew",
    "held",
    "increased",
    "introduced",
    "joined",
    "killed",
    "launched",
    "met",
    "opened",
    "passed",
    "rose",
    "signed",
    "started",
    "visited",
    "voted",
    "won",
    "decreased",
    "declined",
    "reached",
    "adopted",
    "established",
    "imposed",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "spring",
    "summer",
    "autumn",
    "winter",
];

const FIRST_PERSON: &[&str] = &["i", "we", "our", "us", "my", "ours", "me"];

const NEGATION: &[&str] = &["not", "no", "never", "neither", "nor", "none", "nothing"];

const VERB_LIKE: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "can", "must", "should", "would",
    "could", "may", "might", "does", "do", "did", "be", "remains", "needs", "wins", "loses",
    "fails", "holds", "gains", "seeks", "wants",
];

/// The word lists the cue features count, each a bit of [`list_bits`].
const LISTS: [&[&str]; 15] = [
    VERB_LIKE,
    MONTHS,
    POLL,
    REPORTING,
    GOAL_VERBS,
    GOAL_NOUNS,
    FIRST_PERSON,
    MODAL,
    HEDGE,
    EVALUATIVE,
    CAUSAL,
    ENUMERATING,
    CONTRAST,
    EVENT,
    NEGATION,
];

/// For every word of [`LISTS`], the lists it is in (bit `k` for `LISTS[k]`): one hash lookup per
/// word of a unit instead of a scan of every list.
fn list_bits(w: &str) -> u32 {
    static BITS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u32>> =
        std::sync::OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        for (k, list) in LISTS.iter().enumerate() {
            for w in *list {
                *m.entry(*w).or_insert(0) |= 1u32 << k;
            }
        }
        m
    });
    bits.get(w).copied().unwrap_or(0)
}

/// The bit of each of [`LISTS`] in [`list_bits`].
const B_VERB_LIKE: u32 = 1 << 0;
const B_MONTHS: u32 = 1 << 1;
const B_POLL: u32 = 1 << 2;
const B_REPORTING: u32 = 1 << 3;
const B_GOAL_VERBS: u32 = 1 << 4;
const B_GOAL_NOUNS: u32 = 1 << 5;
const B_FIRST_PERSON: u32 = 1 << 6;
const B_MODAL: u32 = 1 << 7;
const B_HEDGE: u32 = 1 << 8;
const B_EVALUATIVE: u32 = 1 << 9;
const B_CAUSAL: u32 = 1 << 10;
const B_ENUMERATING: u32 = 1 << 11;
const B_CONTRAST: u32 = 1 << 12;
const B_EVENT: u32 = 1 << 13;
const B_NEGATION: u32 = 1 << 14;

fn any_in(ws: &[String], list: &[&str]) -> bool {
    ws.iter().any(|w| list.contains(&w.as_str()))
}

fn has_phrase(ws: &[String], phrase: &[&str]) -> bool {
    ws.windows(phrase.len())
        .any(|win| win.iter().zip(phrase).all(|(a, b)| a == b))
}

/// Soft cap of a count: 0, 1, then slowly more.
fn squash(x: f32) -> f32 {
    if x <= 0.0 {
        0.0
    } else {
        1.0 + (x - 1.0).min(3.0) * 0.25
    }
}

/// The position of the cue feature `name` in [`FEATURES`].
fn feature_index(name: &str) -> usize {
    static INDEX: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, usize>> =
        std::sync::OnceLock::new();
    *INDEX
        .get_or_init(|| FEATURES.iter().enumerate().map(|(k, f)| (*f, k)).collect())
        .get(name)
        .expect("known feature")
}

/// The cue features of the unit `units[i]` (its paragraph context included), in the order of
/// [`FEATURES`].
pub fn cue_features(units: &[Sentence], i: usize) -> Array1<f32> {
    cue_features_words(units, i, &words(&units[i].text))
}

/// [`cue_features`] of a unit whose [`words`] are `ws`.
fn cue_features_words(units: &[Sentence], i: usize, ws: &[String]) -> Array1<f32> {
    let u = &units[i];
    let text = u.text.as_str();
    let masks: Vec<u32> = ws.iter().map(|w| list_bits(w)).collect();
    let any = |b: u32| masks.iter().any(|m| m & b != 0);
    let count = |b: u32| masks.iter().filter(|m| *m & b != 0).count() as f32;
    let raw: Vec<&str> = text.split_whitespace().collect();
    let n = ws.len() as f32;
    let mut f = Array1::<f32>::zeros(FEATURES.len());
    let digits = text.chars().any(|c| c.is_ascii_digit());
    let year = ws.iter().any(|w| {
        w.len() == 4
            && w.chars().all(|c| c.is_ascii_digit())
            && (w.starts_with("19") || w.starts_with("20"))
    });
    let percent =
        text.contains('%') || has_phrase(ws, &["per", "cent"]) || any_in(ws, &["percent"]);
    let money = text.contains(['$', '€', '£', '¥'])
        || any_in(
            ws,
            &[
                "million", "billion", "trillion", "dollars", "euros", "usd", "eur",
            ],
        );
    let first_word = raw
        .first()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .unwrap_or("");
    let named_subject = first_word.chars().next().is_some_and(|c| c.is_uppercase())
        && !FUNCTION_START.contains(&first_word.to_lowercase().as_str());
    let attribution = has_phrase(ws, &["according", "to"])
        || raw.windows(3).any(|w| {
            (w[0] == "by" || w[0] == "of")
                && w[1] == "the"
                && w[2].chars().next().is_some_and(char::is_uppercase)
        });
    let comparative = ws.iter().any(|w| w == "than") || has_phrase(ws, &["more", "than"]);
    let first_in_paragraph = i == 0 || units[i - 1].paragraph != u.paragraph;

    let set = |f: &mut Array1<f32>, name: &str, v: f32| f[feature_index(name)] = v;
    set(&mut f, "bias", 1.0);
    set(&mut f, "heading", u.heading as u8 as f32);
    set(
        &mut f,
        "heading_with_verb",
        (u.heading && any(B_VERB_LIKE)) as u8 as f32,
    );
    set(&mut f, "short", (n < 6.0) as u8 as f32);
    set(&mut f, "log_length", (1.0 + n).ln() / 4.0);
    set(&mut f, "number", digits as u8 as f32);
    set(&mut f, "percent", percent as u8 as f32);
    set(&mut f, "money", money as u8 as f32);
    set(&mut f, "year", year as u8 as f32);
    set(&mut f, "date", any(B_MONTHS) as u8 as f32);
    set(&mut f, "poll_or_study", squash(count(B_POLL)));
    set(&mut f, "attribution", attribution as u8 as f32);
    set(&mut f, "reporting_verb", squash(count(B_REPORTING)));
    set(&mut f, "goal_or_demand_verb", squash(count(B_GOAL_VERBS)));
    set(&mut f, "goal_or_demand_noun", squash(count(B_GOAL_NOUNS)));
    set(&mut f, "named_actor_subject", named_subject as u8 as f32);
    set(&mut f, "first_person", any(B_FIRST_PERSON) as u8 as f32);
    set(&mut f, "modal", squash(count(B_MODAL)));
    set(&mut f, "hedge", squash(count(B_HEDGE)));
    set(&mut f, "evaluative", squash(count(B_EVALUATIVE)));
    set(
        &mut f,
        "causal",
        (any(B_CAUSAL) || has_phrase(ws, &["as", "a", "result"])) as u8 as f32,
    );
    set(
        &mut f,
        "enumerating_marker",
        masks[..masks.len().min(3)]
            .iter()
            .any(|m| m & B_ENUMERATING != 0) as u8 as f32,
    );
    set(&mut f, "contrast", any(B_CONTRAST) as u8 as f32);
    set(
        &mut f,
        "quotation",
        text.contains(['“', '”', '"']) as u8 as f32,
    );
    set(&mut f, "event_verb", squash(count(B_EVENT)));
    set(&mut f, "comparative", comparative as u8 as f32);
    set(
        &mut f,
        "negation",
        (any(B_NEGATION) || text.contains("n't")) as u8 as f32,
    );
    set(&mut f, "paragraph_initial", first_in_paragraph as u8 as f32);
    set(
        &mut f,
        "question",
        text.trim_end().ends_with('?') as u8 as f32,
    );
    f
}

/// The cue features of every unit of a document, computed once (role features read each unit's
/// and its neighbours').
pub fn doc_cues(units: &[Sentence]) -> Vec<Array1<f32>> {
    (0..units.len()).map(|i| cue_features(units, i)).collect()
}

/// [`doc_cues`] of units whose [`words`] are `ws` (one list per unit).
pub fn doc_cues_words(units: &[Sentence], ws: &[Vec<String>]) -> Vec<Array1<f32>> {
    (0..units.len())
        .map(|i| cue_features_words(units, i, &ws[i]))
        .collect()
}

/// Does the unit open or turn on a concession or contrast ("Although ...", "However, ...")?
pub fn is_concessive(text: &str) -> bool {
    is_concessive_words(&words(text))
}

/// [`is_concessive`] of a unit already split into [`words`].
pub fn is_concessive_words(ws: &[String]) -> bool {
    let head = &ws[..ws.len().min(2)];
    any_in(
        head,
        &[
            "although",
            "though",
            "however",
            "but",
            "despite",
            "yet",
            "nevertheless",
            "nonetheless",
            "whereas",
        ],
    ) || has_phrase(ws, &["on", "the", "other", "hand"])
        || has_phrase(&ws[..ws.len().min(3)], &["even", "though"])
        || has_phrase(&ws[..ws.len().min(3)], &["even", "if"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str, heading: bool) -> Sentence {
        Sentence {
            heading,
            ..Sentence::test_unit(text)
        }
    }

    fn feat(text: &str, name: &str) -> f32 {
        let f = cue_features(&[unit(text, false)], 0);
        f[FEATURES.iter().position(|x| *x == name).unwrap()]
    }

    #[test]
    fn feature_table() {
        let cases = [
            ("About 40% agreed.", "percent", 1.0),
            ("It cost US$ 5 million.", "money", 1.0),
            ("In 1999 they met.", "year", 1.0),
            ("According to the census, it grew.", "attribution", 1.0),
            ("A study by the Pew Center found it.", "attribution", 1.0),
            ("The minister said so.", "reporting_verb", 1.0),
            ("The party wants a new vote.", "goal_or_demand_verb", 1.0),
            ("Their goal is a treaty.", "goal_or_demand_noun", 1.0),
            ("Parliament voted.", "named_actor_subject", 1.0),
            ("For now, this is a condition.", "named_actor_subject", 0.0),
            ("The vote failed.", "named_actor_subject", 0.0),
            ("It might fail.", "modal", 1.0),
            ("It seems likely.", "hedge", 1.25),
            ("This is a major and serious problem.", "evaluative", 1.5),
            ("Moreover, it rained.", "enumerating_marker", 1.0),
            ("It is bigger than that.", "comparative", 1.0),
            ("It isn't so.", "negation", 1.0),
            ("Is it?", "question", 1.0),
        ];
        for (text, name, want) in cases {
            assert_eq!(feat(text, name), want, "{name} of {text:?}");
        }
        assert_eq!(cue_features(&[unit("A B", false)], 0).len(), FEATURES.len());
    }

    #[test]
    fn concessions() {
        assert!(is_concessive("Although it grew, it failed."));
        assert!(is_concessive("A poll, on the other hand, showed it."));
        assert!(!is_concessive("It grew, and then it failed."));
    }
}
