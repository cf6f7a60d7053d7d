//! A message for a person, held as a catalog key and its arguments until
//! the language of whoever reads it is known: an error made deep in a
//! handler is said in the language of the page or the `Accept-Language`
//! of the client that gets it.

use std::fmt;

use fluent_templates::fluent_bundle::FluentValue;

use super::Lang;

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// An argument: text as given, or a number Fluent formats and picks the
/// plural by.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// Another message, said in the same language.
    Message(Box<Message>),
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// With the argument `name` (`{ $name }` in the catalogs).
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// With the catalog message `key` as the argument `name`.
    pub fn with_key(self, name: &'static str, key: &'static str) -> Message {
        self.with_message(name, Message::new(key))
    }

    /// With another message as the argument `name`.
    pub fn with_message(mut self, name: &'static str, message: Message) -> Message {
        self.args.push((name, Arg::Message(Box::new(message))));
        self
    }

    /// With `value` quoted as Rust's `{:?}` does (a name as it was typed,
    /// its invisible characters shown), at most 100 characters of it.
    pub fn quoting(self, name: &'static str, value: &str) -> Message {
        let shown: String = value.chars().take(100).collect();
        self.with(name, format!("{shown:?}"))
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let args: Vec<(&'static str, FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(s) => FluentValue::from(s.as_str()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Message(m) => FluentValue::from(m.say(lang)),
                };
                (*name, value)
            })
            .collect();
        lang.t_with(self.key, &args)
    }
}

/// English, for logs and for `Display` of the errors that hold one.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}
