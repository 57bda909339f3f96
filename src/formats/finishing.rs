//! Finishing statements on the second core while a reader goes on reading.
//!
//! Making a statement from its raw text (the label cut from it, the text cleaned of anything
//! that could drive a terminal) depends on that text alone, and for a big file it is a large
//! share of the work. So a reader hands each node's raw text over as an item, with the node's
//! index, and goes on reading; a worker thread finishes items in batches, and the finished ones
//! come back in the order they were handed over, to be written into the map. Reading and
//! finishing then overlap ([`alongside`]). A reader that knows all its statements' texts before
//! other long work (AIF works out a graph first) has them finished during that work instead
//! ([`meanwhile`]).
//!
//! Only a big input gets a thread ([`THREADED_FROM`]): for a small map (and the built-in one, at
//! start-up) a thread would cost more than it saves, and items are finished on the spot. Either
//! way the reader sees the same results in the same order, so the map is the same.

use std::cell::Cell;
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

/// Inputs of at least this many bytes are finished on a second thread.
pub const THREADED_FROM: usize = 1 << 20;

/// How many items go to the worker at a time: enough that handing over costs little, few
/// enough that the reader soon gets them back to write into its map.
const BATCH: usize = 2048;

/// Batches waiting for the worker at most; beyond that the reader waits for it, so raw items
/// do not pile up in memory when the worker is the slower of the two.
const WAITING_BATCHES: usize = 2;

thread_local! {
    /// Set while [`on_one_thread`] runs: every reader finishes its items on the spot.
    static ONE_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` with every reader on this thread alone, however big its input: the same maps,
/// made without a second thread (for comparing the two ways, or to leave the other core free).
pub fn on_one_thread<R>(work: impl FnOnce() -> R) -> R {
    let before = ONE_THREAD.replace(true);
    let result = work();
    ONE_THREAD.set(before);
    result
}

/// Runs `read` with a [`Finishing`] that finishes each item it is given with `finish`: on a
/// worker thread when the input is `input_len` bytes or more and a second core is there, on
/// the spot otherwise.
pub(crate) fn alongside<I: Send, O: Send, R>(
    input_len: usize,
    finish: impl Fn(I) -> O + Sync,
    read: impl FnOnce(&mut Finishing<'_, I, O>) -> R,
) -> R {
    if !threaded(input_len) {
        return read(&mut Finishing {
            finish: &finish,
            worker: None,
        });
    }
    std::thread::scope(|scope| {
        let (to_worker, batches) = sync_channel::<Vec<I>>(WAITING_BATCHES);
        let (to_reader, finished) = channel::<Vec<O>>();
        let finish = &finish;
        let spawned = std::thread::Builder::new()
            .name("argscope-finishing".into())
            .spawn_scoped(scope, move || {
                for batch in batches {
                    let done: Vec<O> = batch.into_iter().map(finish).collect();
                    if to_reader.send(done).is_err() {
                        break;
                    }
                }
            });
        // No thread to be had: the items are finished on the spot.
        let worker = spawned.is_ok().then(|| Worker {
            to_worker,
            finished,
            batch: Vec::with_capacity(BATCH),
            out: 0,
        });
        read(&mut Finishing { finish, worker })
    })
}

/// Runs `other` while `work` runs: on a second core when the input is `input_len` bytes or
/// more and a second core is there, else after it. Returns what each gives. For a reader whose
/// statements are all known before other long work (working out a graph) and needed only
/// after it.
pub(crate) fn meanwhile<R, O: Send>(
    input_len: usize,
    work: impl FnOnce() -> R,
    other: impl FnOnce() -> O + Send,
) -> (R, O) {
    if !threaded(input_len) {
        let result = work();
        return (result, other());
    }
    crate::parallel::both(work, other)
}

/// Whether an input of `input_len` bytes is worth a second thread, and one can run.
fn threaded(input_len: usize) -> bool {
    input_len >= THREADED_FROM && !ONE_THREAD.get() && crate::parallel::has_two_cores()
}

/// Takes a reader's items and gives them back finished, in the order they were added, to the
/// `done` the reader passes along (which writes them into its map).
pub(crate) struct Finishing<'f, I, O> {
    finish: &'f (dyn Fn(I) -> O + Sync),
    worker: Option<Worker<I, O>>,
}

struct Worker<I, O> {
    to_worker: SyncSender<Vec<I>>,
    finished: Receiver<Vec<O>>,
    /// Items not yet handed over.
    batch: Vec<I>,
    /// Batches handed over and not yet back.
    out: usize,
}

impl<I, O> Finishing<'_, I, O> {
    /// Adds an item; gives `done` every item finished so far that it has not had yet.
    pub(crate) fn add(&mut self, item: I, done: impl FnMut(O)) {
        let Some(worker) = &mut self.worker else {
            let mut done = done;
            done((self.finish)(item));
            return;
        };
        worker.batch.push(item);
        if worker.batch.len() == BATCH {
            worker.hand_over();
            worker.collect(false, done);
        }
    }

    /// Waits until every item added is finished, and gives `done` those it has not had yet.
    pub(crate) fn wait(&mut self, done: impl FnMut(O)) {
        if let Some(worker) = &mut self.worker {
            if !worker.batch.is_empty() {
                worker.hand_over();
            }
            worker.collect(true, done);
        }
    }
}

impl<I, O> Worker<I, O> {
    fn hand_over(&mut self) {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        // The worker stops only when it panics, and then the scope passes its panic on.
        if self.to_worker.send(batch).is_ok() {
            self.out += 1;
        }
    }

    /// Gives `done` the batches that are back: all of them when `all`, else those ready now.
    fn collect(&mut self, all: bool, mut done: impl FnMut(O)) {
        while self.out > 0 {
            let batch = if all {
                self.finished.recv().ok()
            } else {
                self.finished.try_recv().ok()
            };
            let Some(batch) = batch else {
                return;
            };
            self.out -= 1;
            batch.into_iter().for_each(&mut done);
        }
    }
}
