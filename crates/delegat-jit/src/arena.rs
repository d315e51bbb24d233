//! A bump arena whose blocks keep their addresses until the next reset, and whose memory is
//! reused from case to case: after the first few cases of a batch, building a case's lists
//! and texts allocates nothing.
//!
//! The arena is a list of chunks, each a `Vec` that is never pushed past its capacity (so
//! its heap buffer never moves). A block is carved from the current chunk; when it does not
//! fit, the next chunk is used (made larger if needed). `reset` empties the chunks used and
//! keeps their memory.

/// The capacity of the first chunk, in elements.
const FIRST_CHUNK: usize = 256;

/// A bump arena of `T` (see the module docs).
#[derive(Debug)]
pub(crate) struct Arena<T> {
    chunks: Vec<Vec<T>>,
    /// The chunk blocks are carved from.
    cur: usize,
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena {
            chunks: Vec::new(),
            cur: 0,
        }
    }
}

impl<T: Copy + Default> Arena<T> {
    /// Forgets every block (their memory is reused by later allocations).
    pub(crate) fn reset(&mut self) {
        for c in self.chunks.iter_mut().take(self.cur.saturating_add(1)) {
            c.clear();
        }
        self.cur = 0;
    }

    /// A block of `len` default elements that stays in place until the next reset.
    pub(crate) fn alloc(&mut self, len: usize) -> &mut [T] {
        let fits = |c: &Vec<T>| c.capacity() - c.len() >= len;
        if !self.chunks.get(self.cur).is_some_and(fits) {
            if !self.chunks.is_empty() && self.chunks.get(self.cur).is_some_and(|c| !c.is_empty()) {
                self.cur += 1;
            }
            let last = self.chunks.last().map_or(FIRST_CHUNK, Vec::capacity);
            let want = len.max(last.saturating_mul(2)).max(FIRST_CHUNK);
            match self.chunks.get_mut(self.cur) {
                Some(c) if c.capacity() >= len => {}
                // INVARIANT: this chunk holds no live block (blocks are only in chunks
                // before `cur`), so replacing it frees nothing in use.
                Some(c) => *c = Vec::with_capacity(want),
                None => self.chunks.push(Vec::with_capacity(want)),
            }
        }
        let Some(chunk) = self.chunks.get_mut(self.cur) else {
            return &mut [];
        };
        let start = chunk.len();
        // INVARIANT: `start + len` is within the capacity, so this does not reallocate
        // and earlier blocks of the chunk stay where they are.
        chunk.resize(start + len, T::default());
        chunk.get_mut(start..).unwrap_or(&mut [])
    }

    /// Copies `items` into a new block; its address.
    pub(crate) fn copy(&mut self, items: &[T]) -> *const T {
        let block = self.alloc(items.len());
        block.copy_from_slice(items);
        block.as_ptr()
    }
}

#[cfg(test)]
mod tests {
    use super::Arena;

    #[test]
    #[expect(
        unsafe_code,
        reason = "reading the blocks back through their addresses"
    )]
    fn blocks_keep_their_contents_and_addresses_until_reset() {
        let mut a: Arena<u64> = Arena::default();
        for round in 0..3u64 {
            let mut blocks = Vec::new();
            for i in 0..200u64 {
                let len = (i as usize * 7) % 300;
                let items: Vec<u64> = (0..len as u64).map(|k| k + i * 1000 + round).collect();
                let ptr = a.copy(&items);
                blocks.push((ptr, items));
            }
            for (ptr, items) in &blocks {
                // SAFETY (test): the arena was not reset since these blocks were made.
                let got = unsafe { std::slice::from_raw_parts(*ptr, items.len()) };
                assert_eq!(got, items.as_slice());
            }
            a.reset();
        }
    }

    #[test]
    fn a_reused_arena_does_not_grow() {
        let mut a: Arena<u8> = Arena::default();
        for _ in 0..3 {
            for len in [10, 300, 5, 1000, 2] {
                a.alloc(len);
            }
            a.reset();
        }
        let chunks = a.chunks.len();
        let caps: Vec<usize> = a.chunks.iter().map(Vec::capacity).collect();
        for _ in 0..10 {
            for len in [10, 300, 5, 1000, 2] {
                a.alloc(len);
            }
            a.reset();
        }
        assert_eq!(a.chunks.len(), chunks);
        assert_eq!(a.chunks.iter().map(Vec::capacity).collect::<Vec<_>>(), caps);
    }
}
