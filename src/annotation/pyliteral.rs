//! A small, safe parser of Python literals (`[1, 'a']`, `{(21, 22): 'support'}`), enough for the
//! fields of ArgUNSC's CSV files. It evaluates nothing: anything but a literal is an error.

use std::fmt;

/// A Python literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// `True` or `False`.
    Bool(bool),
    /// `None`.
    None,
    /// A list.
    List(Vec<PyValue>),
    /// A tuple.
    Tuple(Vec<PyValue>),
    /// A dict, in source order.
    Dict(Vec<(PyValue, PyValue)>),
}

/// Where and why parsing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyError {
    /// Byte offset in the input.
    pub offset: usize,
    /// What was expected.
    pub msg: String,
}

impl fmt::Display for PyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Python literal at byte {}: {}", self.offset, self.msg)
    }
}

impl std::error::Error for PyError {}

/// Parse one literal; trailing white space is allowed, anything else after it is an error.
pub fn parse(s: &str) -> Result<PyValue, PyError> {
    let mut p = Parser { s, i: 0, depth: 0 };
    let v = p.value()?;
    p.ws();
    if p.i != s.len() {
        return Err(p.err("end of input"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    depth: usize,
}

/// Nesting deeper than this is refused (no stack overflow on hostile input).
const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn err(&self, expected: &str) -> PyError {
        let found = self.s[self.i..]
            .chars()
            .next()
            .map_or("end of input".to_string(), |c| format!("{c:?}"));
        PyError {
            offset: self.i,
            msg: format!("expected {expected}, found {found}"),
        }
    }

    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.i += c.len_utf8();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<PyValue, PyError> {
        self.ws();
        match self.peek() {
            Some('[') => self.seq('[', ']').map(PyValue::List),
            Some('(') => self.seq('(', ')').map(PyValue::Tuple),
            Some('{') => self.dict(),
            Some('\'' | '"') => self.string().map(PyValue::Str),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' => self.number(),
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.i += 1;
                }
                match &self.s[start..self.i] {
                    "None" => Ok(PyValue::None),
                    "True" => Ok(PyValue::Bool(true)),
                    "False" => Ok(PyValue::Bool(false)),
                    _ => {
                        self.i = start;
                        Err(self.err("a literal (names are not evaluated)"))
                    }
                }
            }
            _ => Err(self.err("a literal")),
        }
    }

    fn enter(&mut self) -> Result<(), PyError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("less nesting"));
        }
        Ok(())
    }

    fn seq(&mut self, open: char, close: char) -> Result<Vec<PyValue>, PyError> {
        self.enter()?;
        assert!(self.eat(open));
        let mut out = Vec::new();
        loop {
            if self.eat(close) {
                break;
            }
            out.push(self.value()?);
            if self.eat(close) {
                break;
            }
            if !self.eat(',') {
                return Err(self.err(&format!("',' or '{close}'")));
            }
        }
        self.depth -= 1;
        Ok(out)
    }

    fn dict(&mut self) -> Result<PyValue, PyError> {
        self.enter()?;
        assert!(self.eat('{'));
        let mut out = Vec::new();
        loop {
            if self.eat('}') {
                break;
            }
            let k = self.value()?;
            if !self.eat(':') {
                return Err(self.err("':'"));
            }
            let v = self.value()?;
            out.push((k, v));
            if self.eat('}') {
                break;
            }
            if !self.eat(',') {
                return Err(self.err("',' or '}'"));
            }
        }
        self.depth -= 1;
        Ok(PyValue::Dict(out))
    }

    fn number(&mut self) -> Result<PyValue, PyError> {
        let start = self.i;
        if matches!(self.peek(), Some('-' | '+')) {
            self.i += 1;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '_'))
        {
            self.i += 1;
        }
        let t = self.s[start..self.i].replace('_', "");
        if let Ok(n) = t.parse::<i64>() {
            return Ok(PyValue::Int(n));
        }
        t.parse::<f64>().map(PyValue::Float).map_err(|_| {
            self.i = start;
            self.err("a number")
        })
    }

    fn string(&mut self) -> Result<String, PyError> {
        let q = self.peek().expect("a quote");
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err(&format!("closing {q}")));
            };
            self.i += c.len_utf8();
            if c == q {
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(e) = self.peek() else {
                return Err(self.err("an escape"));
            };
            self.i += e.len_utf8();
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                '\\' | '\'' | '"' => out.push(e),
                '\n' => {}
                'x' | 'u' | 'U' => {
                    let n = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex = self
                        .s
                        .get(self.i..self.i + n)
                        .ok_or_else(|| self.err("hex digits"))?;
                    let code = u32::from_str_radix(hex, 16).map_err(|_| self.err("hex digits"))?;
                    let ch = char::from_u32(code).ok_or_else(|| self.err("a valid code point"))?;
                    out.push(ch);
                    self.i += n;
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        }
    }
}

impl PyValue {
    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            PyValue::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PyValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items of a list or tuple.
    pub fn as_seq(&self) -> Option<&[PyValue]> {
        match self {
            PyValue::List(v) | PyValue::Tuple(v) => Some(v),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PyValue::*;

    #[test]
    fn literals() {
        assert_eq!(
            parse("[1, 'a']").unwrap(),
            List(vec![Int(1), Str("a".into())])
        );
        assert_eq!(
            parse("{(21, 22): 'support'}").unwrap(),
            Dict(vec![(Tuple(vec![Int(21), Int(22)]), Str("support".into()))])
        );
        assert_eq!(parse("{}").unwrap(), Dict(vec![]));
        assert_eq!(parse(r#"'it\'s "x"'"#).unwrap(), Str("it's \"x\"".into()));
        assert_eq!(parse(r#""don't""#).unwrap(), Str("don't".into()));
        assert_eq!(parse(r"'\u00e9\n'").unwrap(), Str("é\n".into()));
        assert_eq!(
            parse(" [None, True, -2, 1.5, (),] ").unwrap(),
            List(vec![None, Bool(true), Int(-2), Float(1.5), Tuple(vec![])])
        );
    }

    #[test]
    fn refuses_code_and_garbage() {
        for bad in [
            "__import__('os')",
            "[1, 2",
            "{1 2}",
            "'open",
            "[1] x",
            "",
            &"[".repeat(1000),
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse("[1, x]").unwrap_err().offset, 4);
    }
}
