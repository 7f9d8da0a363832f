//! collab: account collaboration for an application-hosting platform, in the terminal.
//!
//! A primary account shares environments with collaboration members through roles
//! built from policies. The crate is a library plus the `collab` binary.
//!
//! Dependencies point one way: `cli` (and later the terminal app) use `engine` and
//! `store`; `store` knows nothing of the engine; `engine` uses nothing of the others.

/// Text on its way to a terminal: the one escaping function, invisible characters,
/// widths. A leaf every other module may use.
pub mod text;

/// The wall clock: the one place that reads it.
pub mod clock;

/// Two independent jobs at once, a panic in either raised on the caller's thread. A
/// leaf every other module may use.
pub mod parallel;

/// The collaboration platform: entities, rules, the one door for changes, queries.
/// Pure: no terminal, no files, no clock.
pub mod engine;

/// The JSON state file: atomic saves, the lock, format versions, clear errors.
pub mod store;

/// The engine bound to its state file: load-modify-save under the lock.
pub mod workspace;

/// The `collab` command line: parse, call the engine, print tables or JSON.
pub mod cli;

/// The terminal app: panes, inspector, dialogs, palette; drawing and key handling.
pub mod tui;
