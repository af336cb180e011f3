//! The main text of a web page.
//!
//! `dom_smoothie` (a port of Mozilla's Readability, the reader view of Firefox) finds the article
//! and drops navigation, footers, scripts, forms and asides; its formatted text keeps one
//! paragraph per block with a blank line between paragraphs, which the repair stage reads as the
//! paragraph structure. Headings of the article stay lines of their own.

use crate::{Error, Result};

/// The main text of an HTML page and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The article's text, paragraphs separated by a blank line.
    pub text: String,
    /// The article's title (Readability's: the `<title>`, `og:title` or first heading).
    pub title: Option<String>,
}

/// The main text of the HTML page `html`.
///
/// An error when Readability finds no article in it (an empty page, or one of links only).
pub fn extract(html: &str) -> Result<HtmlText> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let err = |reason: String| Error::Html { reason };
    let caught = std::panic::catch_unwind(|| {
        let mut r = dom_smoothie::Readability::new(html, None, Some(cfg))
            .map_err(|e| err(e.to_string()))?;
        r.parse()
            .map_err(|e| err(format!("no main text found: {e}")))
    });
    let article = caught.unwrap_or_else(|_| Err(err("the HTML reader failed on it".into())))?;
    // One paragraph per block: fold the runs of spaces inside lines, keep blank lines between.
    let mut text = String::new();
    let mut blank = false;
    for line in article.text_content.lines() {
        let line = crate::normalize::fold_whitespace(line.trim());
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if blank {
            text.push('\n');
            blank = false;
        }
        text.push_str(&line);
        text.push('\n');
    }
    if text.trim().is_empty() {
        return Err(err("no main text found".into()));
    }
    let title = crate::normalize::fold_whitespace(article.title.trim());
    // Readability takes the article's heading out of its text when it is the title; the text
    // keeps it as its first line, as the article has it.
    if !title.is_empty() && !text.starts_with(&title) {
        text = format!("{title}\n\n{text}");
    }
    Ok(HtmlText {
        text,
        title: (!title.is_empty()).then_some(title),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_footer_and_scripts_are_dropped() {
        let body = "The committee's report argues that the new rules will raise costs for small \
                    firms. It cites a survey of four hundred owners, most of whom expect to hire \
                    fewer workers next year. ";
        let html = format!(
            "<!DOCTYPE html><html><head><title>Rules and costs</title>\
             <script>var tracker = 'do not read me';</script></head><body>\
             <nav><ul><li><a href='/'>Home</a></li><li><a href='/about'>About us</a></li></ul></nav>\
             <article><h1>Rules and costs</h1><p>{b}</p><p>{b}</p><p>{b}</p></article>\
             <footer><p>Copyright 2026 Example Press. All rights reserved.</p></footer>\
             </body></html>",
            b = body
        );
        let t = extract(&html).unwrap();
        assert_eq!(t.title.as_deref(), Some("Rules and costs"));
        assert!(
            t.text.contains("a survey of four hundred owners"),
            "{}",
            t.text
        );
        for gone in ["tracker", "About us", "Copyright", "All rights reserved"] {
            assert!(!t.text.contains(gone), "{gone} in {}", t.text);
        }
        assert!(
            t.text.contains("next year.\n\nThe committee"),
            "paragraphs: {}",
            t.text
        );
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(matches!(
            extract("<html><body></body></html>"),
            Err(Error::Html { .. })
        ));
    }
}
