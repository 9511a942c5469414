//! Opening what a sender sent: an attachment of an enquiry's message, or a whole inbound
//! message as it arrived (`message/rfc822`), so staff can check one flagged as malformed or
//! hostile. Only for someone who may see the enquiry, only that enquiry's files, and every
//! download audited (it is member data).
//!
//! The sender's name and content type are never trusted: the kind is decided from the bytes
//! with the case documents' rules (`case::document::sniff`), and anything those do not keep
//! goes out as `application/octet-stream`. The web layer adds `attachment` and `nosniff`.

use steward_domain::case::document::{sanitise_filename, sanitise_other_filename, sniff};
use steward_domain::permissions::Action;

use crate::ports::{EnquiryDetail, EnquiryId, Store};
use crate::{AppError, RequestContext};

/// A file to send as a download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryFile {
    /// Safe for a Content-Disposition header's name.
    pub filename: String,
    /// Decided from the bytes, not by the sender.
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

async fn visible(store: &dyn Store, ctx: &RequestContext, id: EnquiryId) -> Result<EnquiryDetail, AppError> {
    super::load(store, ctx, id, Action::ViewEnquiries).await
}

/// One attachment of the enquiry; another enquiry's attachment id is "not found".
pub async fn download_attachment(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    attachment: i64,
) -> Result<EnquiryFile, AppError> {
    visible(store, ctx, id).await?;
    let found = store.enquiry_attachment(id, attachment).await?.ok_or(AppError::NotFound)?;
    let (mime, filename) = match sniff(&found.bytes) {
        Ok(kind) => (kind.mime(), sanitise_filename(&found.name, kind)),
        Err(_) => ("application/octet-stream", sanitise_other_filename(&found.name)),
    };
    let detail = format!("attachment {attachment}: {filename} ({mime}, {} bytes)", found.bytes.len());
    store.record(&ctx.audit("enquiry.attachment_download", "enquiry", Some(id.to_string()), detail)).await?;
    Ok(EnquiryFile { filename, mime, bytes: found.bytes })
}

/// An inbound message of the enquiry exactly as it arrived, named after the enquiry.
pub async fn download_original(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    message: i64,
) -> Result<EnquiryFile, AppError> {
    let detail = visible(store, ctx, id).await?;
    let bytes = store.enquiry_message_original(id, message).await?.ok_or(AppError::NotFound)?;
    let filename = format!("{}-message-{message}.eml", detail.summary.reference);
    let note = format!("message {message}: {filename} ({} bytes)", bytes.len());
    store.record(&ctx.audit("enquiry.original_download", "enquiry", Some(id.to_string()), note)).await?;
    Ok(EnquiryFile { filename, mime: "message/rfc822", bytes })
}
