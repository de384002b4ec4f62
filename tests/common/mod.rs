//! Helpers the integration tests share.
#![allow(dead_code)]

use newsmark::annotation::{AnnotationId, Tag, Timestamp};
use newsmark::session::Session;
use newsmark::text::CpSpan;

pub fn time(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

/// Tags the first occurrence of `phrase` (code points located from its byte offset).
pub fn tag(session: &mut Session, phrase: &str, tag: Tag, n: u8) -> AnnotationId {
    let text = session.article().text();
    let at =
        text.cp_of_byte(text.as_str().find(phrase).unwrap_or_else(|| panic!("{phrase:?} is in the text"))).unwrap();
    let span = CpSpan::new(at, at + phrase.chars().count()).unwrap();
    session.tag(span, tag, AnnotationId::from_random([n; 16]), time("2026-11-26T10:00:00.000Z")).unwrap().id
}

use std::cell::Cell;

use newsmark::library::{Fault, Memory, Storage};

/// A store that refuses writes on purpose: after `ok_writes` more successful writes (`None`:
/// never), every write fails with `fault`. Counts the writes it let through.
#[derive(Default)]
pub struct Faulty {
    pub inner: Memory,
    pub ok_writes: Cell<Option<usize>>,
    pub fault: std::cell::RefCell<Option<Fault>>,
    pub writes: Cell<usize>,
    /// Bytes the store may hold in all (keys and values), as a browser's quota.
    pub quota: Cell<Option<usize>>,
}

impl Faulty {
    pub fn fail_after(&self, writes: usize, fault: Fault) {
        self.ok_writes.set(Some(writes));
        *self.fault.borrow_mut() = Some(fault);
    }

    /// How many bytes the store holds: its keys and values.
    pub fn used(&self) -> usize {
        self.inner.keys().unwrap().iter().map(|k| k.len() + self.inner.get(k).unwrap().map_or(0, |v| v.len())).sum()
    }

    pub fn heal(&self) {
        self.ok_writes.set(None);
    }

    fn check(&self) -> Result<(), Fault> {
        match self.ok_writes.get() {
            Some(0) => Err(self.fault.borrow().clone().unwrap_or(Fault::Full)),
            Some(n) => {
                self.ok_writes.set(Some(n - 1));
                Ok(())
            }
            None => Ok(()),
        }
    }
}

impl Storage for Faulty {
    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        self.inner.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Fault> {
        self.check()?;
        if let Some(quota) = self.quota.get() {
            let old = self.inner.get(key)?.map_or(0, |v| key.len() + v.len());
            if self.used() - old + key.len() + value.len() > quota {
                return Err(Fault::Full);
            }
        }
        self.writes.set(self.writes.get() + 1);
        self.inner.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), Fault> {
        self.check()?;
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, Fault> {
        self.inner.keys()
    }
}
