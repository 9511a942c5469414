//! Reply templates: officers and administrators keep the texts everyone answering enquiries
//! starts from; anyone who may see enquiries may read them.

use steward_domain::enquiry::merge::{render, MergeValues};
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{Action, Target};

use crate::ports::{ReplyTemplate, Store};
use crate::{AppError, RequestContext};

pub async fn reply_templates(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<ReplyTemplate>, AppError> {
    ctx.require(Action::ViewEnquiries, Target::Any)?;
    Ok(store.reply_templates().await?)
}

pub async fn reply_template(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<ReplyTemplate, AppError> {
    ctx.require(Action::ViewEnquiries, Target::Any)?;
    store.reply_template(id).await?.ok_or(AppError::NotFound)
}

/// Creates (`id` None) or changes a template after checking its name and merge fields.
pub async fn save_reply_template(
    store: &dyn Store,
    ctx: &RequestContext,
    id: Option<i64>,
    name: &str,
    body: &str,
) -> Result<i64, AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    let (name, body) = (name.trim(), body.trim());
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.add("name", "Give the template a name");
    } else if name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.add("name", "Use at most 100 characters, on one line");
    }
    if body.is_empty() {
        errors.add("body", "Write the template's text");
    } else if body.chars().count() > 20_000 || body.contains('\0') {
        errors.add("body", "A template can be at most 20,000 characters of text");
    } else if let Err(error) = render(body, &MergeValues::sample()) {
        errors.add("body", error.to_string());
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let action = if id.is_some() { "reply_template.update" } else { "reply_template.create" };
    let audit = ctx.audit(action, "reply_template", id.map(|id| id.to_string()), name.to_owned());
    Ok(store.save_reply_template(id, name, body, &audit).await?)
}
