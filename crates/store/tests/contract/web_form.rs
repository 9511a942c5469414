//! The public contact form on both backends: one signing key for every instance, and a web
//! enquiry with the same response target an e-mail sent at the same moment gets.

use chrono::{DateTime, Duration, Utc};
use steward_app::enquiries::{
    form_secret, issue_form_token, receive_email, submit_web_enquiry, IntakeSettings, Received, WebEnquiryForm,
    WebEnquiryOutcome,
};
use steward_app::ports::{EnquiryStore, ServerSecretStore};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_store::Db;
use steward_test_support::{backends, context, member_draft, seed_org};

const OWN: &str = "help@union.example";

#[tokio::test]
async fn every_instance_signs_the_contact_form_with_the_same_stored_key() {
    for test in backends().await {
        let second_instance = Db::connect(&test.url).await.unwrap();
        let now = Utc::now();
        let first = test.db.server_secret("contact-form-token", "first-candidate", now).await.unwrap();
        let second = second_instance.server_secret("contact-form-token", "second-candidate", now).await.unwrap();
        assert_eq!((first.as_str(), second.as_str()), ("first-candidate", "first-candidate"), "{}", test.name);

        let served_by_one = issue_form_token(&form_secret(&test.db, now).await.unwrap(), now);
        let checked_by_other = form_secret(&second_instance, now).await.unwrap();
        let later = now + Duration::seconds(10);
        assert_eq!(steward_app::enquiries::check_form_token(&checked_by_other, &served_by_one, later), Ok(()));
    }
}

#[tokio::test]
async fn a_web_enquiry_gets_the_same_target_as_an_email_sent_at_the_same_moment() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let mut draft = member_draft(1, "Ada", "Quill", org.workplace);
        draft.email = "ada.quill@example.org".into();
        let member = steward_app::members::create_member(&test.db, &admin, &draft).await.unwrap();
        let settings = IntakeSettings::standard(OWN);
        let friday_afternoon: DateTime<Utc> = "2026-11-27T16:00:00Z".parse().unwrap();

        let secret = form_secret(&test.db, friday_afternoon).await.unwrap();
        let form = WebEnquiryForm {
            name: "Ada Quill".into(),
            email: "ada.quill@example.org".into(),
            subject: "Rota".into(),
            message: "My rota changed.".into(),
            form_token: issue_form_token(&secret, friday_afternoon - Duration::minutes(2)),
            ..WebEnquiryForm::default()
        };
        let outcome =
            submit_web_enquiry(&test.db, &form, &secret, Some("192.0.2.1"), &settings, friday_afternoon).await.unwrap();
        let WebEnquiryOutcome::Opened { id, respond_by, .. } = outcome else { panic!("{}: refused", test.name) };

        let raw = b"From: ada.quill@example.org\r\nSubject: Rota\r\nMessage-ID: <r1@example.org>\r\n\r\nHello\r\n";
        let Received::Opened { id: by_mail, .. } =
            receive_email(&test.db, parse_email(raw), &settings, friday_afternoon).await.unwrap()
        else {
            panic!("{}: mail did not open an enquiry", test.name)
        };
        let web = test.db.enquiry(id).await.unwrap().unwrap();
        let mail = test.db.enquiry(by_mail).await.unwrap().unwrap();
        assert_eq!(web.summary.first_response_due, mail.summary.first_response_due, "{}", test.name);
        assert_eq!(respond_by, web.summary.first_response_due);
        assert_eq!((web.summary.channel.as_str(), web.summary.member), ("web", Some(member)), "{}", test.name);
        assert_eq!(web.queued_mail.len(), 1, "{}: acknowledged", test.name);
    }
}
