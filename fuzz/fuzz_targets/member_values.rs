//! The member value types that take free text (email, phone, membership number, names,
//! status). None may panic, and a value that parsed must parse again to itself, since it
//! is stored in its normalised form and shown back in edit forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_domain::member::{EmailAddress, MemberStatus, MembershipNumber, PersonName, PhoneNumber};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(email) = EmailAddress::parse(&text) {
        assert_eq!(EmailAddress::parse(email.as_str()).as_ref(), Ok(&email), "email {text:?}");
    }
    if let Ok(phone) = PhoneNumber::parse(&text) {
        assert_eq!(PhoneNumber::parse(phone.as_str()).as_ref(), Ok(&phone), "phone {text:?}");
    }
    if let Ok(number) = MembershipNumber::parse(&text) {
        assert_eq!(MembershipNumber::parse(number.as_str()).as_ref(), Ok(&number), "membership number {text:?}");
    }
    if let Ok(name) = PersonName::parse(&text, "first name") {
        assert_eq!(PersonName::parse(name.as_str(), "first name").as_ref(), Ok(&name), "name {text:?}");
    }
    let _ = MemberStatus::parse(&text);
});
