//! Integration tests of `delegat serve`: a real server on an ephemeral loopback port, spoken
//! to over HTTP/1.1 by a client on plain TCP sockets (and over TLS by a rustls client).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

mod access;
mod decide;
mod discover;
mod limits;
mod receipts;
mod reload;
mod streams;
mod support;
mod tls;
