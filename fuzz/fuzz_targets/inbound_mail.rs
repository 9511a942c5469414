//! Inbound mail parsing: any bytes at all become an `InboundEmail` that keeps the raw bytes
//! exactly; the parser never panics, and a message it reads has a sender only if that sender
//! looks like an address.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let email = steward_mail::parse_email(data);
    assert_eq!(email.raw, data, "the raw message must be kept exactly");
    if let Some(address) = &email.from_address {
        assert!(address.contains('@'), "sender {address:?} is not an address");
    }
    assert!(email.problem.is_some() || email.from_address.is_some(), "a message without a sender must be flagged");
});
