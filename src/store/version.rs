//! Format versions: the top-level `"version"` probe, the migration chain, and the
//! line-and-column detail of JSON errors.

use std::fmt::{self, Write as _};

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// The first format version that ever existed; anything lower is not a collab file.
pub const FIRST_VERSION: u32 = 1;

/// A document stored with a top-level `"version"` field.
pub trait Versioned {
    /// The format version this build reads natively and writes.
    const CURRENT: u32;

    /// Upgrades a document from format `from` to format `from + 1`, for
    /// `FIRST_VERSION <= from < CURRENT`. [`migrate`] chains the steps and keeps the
    /// `"version"` field up to date, so a step only reshapes the data.
    ///
    /// The default knows no migrations (only one version exists today).
    fn migrate_step(value: serde_json::Value, from: u32) -> Result<serde_json::Value, String> {
        let _ = value;
        Err(format!("no migration from format version {from} is known"))
    }

    /// Whether a document of format `from` reads straight into the current type (the
    /// migration from it only adds fields that have defaults), so loading it needs no
    /// JSON tree; [`Versioned::upgrade`] then finishes it.
    fn reads_directly(from: u32) -> bool {
        let _ = from;
        false
    }

    /// Finishes a document read straight from format `from`: what its migration
    /// steps would have done to the tree, done to the typed document.
    ///
    /// # Errors
    ///
    /// When the document cannot be of format `from` (a field that format never had).
    fn upgrade(self, from: u32) -> Result<Self, String>
    where
        Self: Sized,
    {
        let _ = from;
        Ok(self)
    }
}

/// Brings `value` from format `from` up to `T::CURRENT`, one [`Versioned::migrate_step`]
/// at a time, setting the top-level `"version"` after each step.
pub fn migrate<T: Versioned>(
    mut value: serde_json::Value,
    from: u32,
) -> Result<serde_json::Value, String> {
    if from < FIRST_VERSION {
        return Err(format!(
            "format version {from} is not supported (collab formats start at version {FIRST_VERSION})"
        ));
    }
    if from > T::CURRENT {
        return Err(format!(
            "format version {from} is newer than this build reads ({})",
            T::CURRENT
        ));
    }
    for step in from..T::CURRENT {
        value = T::migrate_step(value, step)?;
        match value.as_object_mut() {
            Some(object) => {
                object.insert("version".to_owned(), serde_json::Value::from(step + 1));
            }
            None => {
                return Err(format!(
                    "migration from format version {step} did not produce a JSON object"
                ));
            }
        }
    }
    Ok(value)
}

/// Reads just the top-level `"version"`, stopping as soon as it is found (it is the
/// first key of every file this module writes for a type that declares it first).
pub(super) fn probe_version(bytes: &[u8]) -> Result<u32, serde_json::Error> {
    let mut found = None;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = (&mut de).deserialize_map(VersionProbe { found: &mut found });
    match (found, result) {
        // Stopping early leaves the rest of the map unread, which serde_json reports
        // as an error; the version was read, and the full parse checks the rest.
        (Some(version), _) => Ok(version),
        (None, Err(e)) => Err(e),
        (None, Ok(())) => Err(de::Error::missing_field("version")),
    }
}

struct VersionProbe<'a> {
    found: &'a mut Option<u32>,
}

impl<'de> Visitor<'de> for VersionProbe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with a top-level \"version\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(IsVersionKey(is_version)) = map.next_key()? {
            if is_version {
                *self.found = Some(map.next_value::<u32>()?);
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::missing_field("version"))
    }
}

struct IsVersionKey(bool);

impl<'de> Deserialize<'de> for IsVersionKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = IsVersionKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IsVersionKey, E> {
                Ok(IsVersionKey(v == "version"))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// `at line L column C: what` for a positioned `serde_json` error, else just `what`.
pub(super) fn json_detail(e: &serde_json::Error) -> String {
    let full = e.to_string();
    if e.line() == 0 {
        return full;
    }
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let what = full.strip_suffix(&suffix).unwrap_or(&full);
    format!("at line {} column {}: {what}", e.line(), e.column())
}

/// A field's path as messages show it (`collaborations[3].Sharez`), each name in it
/// cut as a quotation is ([`crate::text::quoted`]): a name there is a piece of the
/// file, maybe a five-megabyte key.
pub(super) fn field_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        let name = match segment {
            Segment::Seq { index } => {
                let _ = write!(out, "[{index}]");
                continue;
            }
            Segment::Map { key } => crate::text::quoted(key),
            Segment::Enum { variant } => crate::text::quoted(variant),
            Segment::Unknown => "?".to_owned(),
        };
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&name);
    }
    out
}
