//! What the library stores its records in: a small key-value trait, so native tests run the
//! library on an in-memory store and on one that fails on purpose, and the browser runs it on
//! localStorage (`web::storage`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// Why the store refused a read or a write. The value stored before a refused write is intact:
/// localStorage's `setItem` either stores the whole value or throws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// There is no storage here at all (privacy settings, a sandboxed frame).
    Unavailable(String),
    /// The quota is used up.
    Full,
    /// Any other refusal, with the browser's words.
    Refused(String),
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Unavailable(why) => write!(f, "this browser keeps nothing here ({why})"),
            Fault::Full => f.write_str("the browser's storage for newsmark is full"),
            Fault::Refused(why) => write!(f, "the browser refused to store it ({why})"),
        }
    }
}

impl std::error::Error for Fault {}

/// A string-to-string store, like localStorage. Methods take `&self`: the store is shared (by
/// the tabs of a browser, by the handles of a page), as localStorage is.
pub trait Storage {
    /// # Errors
    /// The store cannot be read.
    fn get(&self, key: &str) -> Result<Option<String>, Fault>;
    /// # Errors
    /// The store refused; the value stored before is intact.
    fn set(&self, key: &str, value: &str) -> Result<(), Fault>;
    /// Stores a value and reads it back: whether what reads back is what was written (a store
    /// may compare without copying the value out again).
    ///
    /// # Errors
    /// The store refused; the value stored before is intact.
    fn set_and_check(&self, key: &str, value: &str) -> Result<bool, Fault> {
        self.set(key, value)?;
        Ok(self.get(key)?.as_deref() == Some(value))
    }
    /// # Errors
    /// The store refused.
    fn remove(&self, key: &str) -> Result<(), Fault>;
    /// Every key in the store, in no particular order.
    ///
    /// # Errors
    /// The store cannot be read.
    fn keys(&self) -> Result<Vec<String>, Fault>;
}

impl<S: Storage + ?Sized> Storage for Rc<S> {
    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Fault> {
        (**self).set(key, value)
    }
    fn set_and_check(&self, key: &str, value: &str) -> Result<bool, Fault> {
        (**self).set_and_check(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), Fault> {
        (**self).remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, Fault> {
        (**self).keys()
    }
}

/// A store in memory, for native tests and tools (the browser's fallback when storage is off is
/// the page's own memory: see `web::storage`).
#[derive(Debug, Default)]
pub struct Memory {
    entries: RefCell<HashMap<String, String>>,
}

impl Memory {
    pub fn new() -> Memory {
        Memory::default()
    }

    /// How many bytes the values hold, for tests that check nothing grows without bound.
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }
}

impl Storage for Memory {
    fn get(&self, key: &str) -> Result<Option<String>, Fault> {
        Ok(self.entries.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Fault> {
        self.entries.borrow_mut().insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), Fault> {
        self.entries.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, Fault> {
        Ok(self.entries.borrow().keys().cloned().collect())
    }
}
