//! Escalation guidance: the team records a case's stakes (tribunal risk, value), and the
//! union's rules turn those, with the case's type and complexity, into a prompt to take the
//! case up a level. The rules are the union's to keep (case settings).

use steward_domain::case::escalation::{
    guidance, CaseFacts, EscalationPrompt, GuidanceDraft, GuidanceRule, RiskAssessment,
};
use steward_domain::case::timeline::EntryKind;
use steward_domain::permissions::{Action, Target};

use super::system_entry;
use crate::ports::{AssessedRisk, CaseFile, CaseId, Referral, Store, StoredGuidanceRule};
use crate::{AppError, RequestContext};

/// What the case page shows about escalation.
#[derive(Debug, Clone)]
pub struct EscalationView {
    pub risk: Option<AssessedRisk>,
    /// What the union's guidance asks for, when it asks for more than the case has.
    pub prompt: Option<EscalationPrompt>,
    pub referrals: Vec<Referral>,
}

impl EscalationView {
    /// The referral waiting for an officer, if there is one.
    pub fn waiting_referral(&self) -> Option<&Referral> {
        self.referrals
            .iter()
            .find(|referral| referral.status == steward_domain::case::referral::ReferralStatus::Requested)
    }
}

/// The escalation side of a case already loaded (and its view audited) by the caller.
pub async fn escalation_of(store: &dyn Store, file: &CaseFile) -> Result<EscalationView, AppError> {
    let id = file.summary.id;
    let risk = store.case_risk(id).await?;
    let rules: Vec<GuidanceRule> = store.guidance_rules().await?.into_iter().map(|stored| stored.rule).collect();
    let facts = CaseFacts {
        case_type: file.summary.case_type,
        complexity: file.summary.complexity,
        risk: risk.as_ref().map_or(RiskAssessment::UNASSESSED, |assessed| assessed.risk),
    };
    let prompt = if file.summary.is_open() { guidance(&facts, file.summary.escalation_level, &rules) } else { None };
    Ok(EscalationView { risk, prompt, referrals: store.referrals(id).await? })
}

/// The case's escalation on its own (the API's read), audited as a view of the case.
pub async fn view_escalation(store: &dyn Store, ctx: &RequestContext, id: CaseId) -> Result<EscalationView, AppError> {
    let file = super::load(store, ctx, id, Action::ViewCase).await?;
    let view = escalation_of(store, &file).await?;
    store.record(&ctx.audit("case.escalation_view", "case", Some(id.to_string()), String::new())).await?;
    Ok(view)
}

/// Records the team's view of the stakes; the guidance prompt follows from it.
pub async fn assess_risk(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    tribunal_risk: &str,
    value_pounds: &str,
) -> Result<(), AppError> {
    super::load_open(store, ctx, id, Action::WorkOnCase).await?;
    let risk = RiskAssessment::parse(tribunal_risk, value_pounds).map_err(AppError::Invalid)?;
    let value = risk.value_pounds.map_or_else(|| "no value given".to_string(), |pounds| format!("value £{pounds}"));
    let entry = system_entry(
        ctx,
        EntryKind::Note,
        format!("Stakes assessed: tribunal claim {}; {value}.", risk.tribunal_risk.label().to_lowercase()),
    );
    let assessed = AssessedRisk { risk, assessed_by: ctx.actor_label.clone(), assessed_at: ctx.now };
    let audit = ctx.audit(
        "case.risk_assess",
        "case",
        Some(id.to_string()),
        format!("tribunal risk {}, {value}", risk.tribunal_risk.as_str()),
    );
    Ok(store.set_case_risk(id, &assessed, &entry, &audit).await?)
}

pub async fn guidance_rules(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<StoredGuidanceRule>, AppError> {
    ctx.require(Action::ManageCaseSettings, Target::Any)?;
    Ok(store.guidance_rules().await?)
}

pub async fn add_guidance_rule(
    store: &dyn Store,
    ctx: &RequestContext,
    draft: &GuidanceDraft<'_>,
) -> Result<i64, AppError> {
    ctx.require(Action::ManageCaseSettings, Target::Any)?;
    let rule = GuidanceRule::parse(draft).map_err(AppError::Invalid)?;
    let audit = ctx.audit(
        "case_settings.guidance_add",
        "escalation_rule",
        None,
        format!("{} -> {}", rule.conditions(), rule.level.as_str()),
    );
    Ok(store.add_guidance_rule(&rule, &audit).await?)
}

pub async fn delete_guidance_rule(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<(), AppError> {
    ctx.require(Action::ManageCaseSettings, Target::Any)?;
    let audit = ctx.audit("case_settings.guidance_delete", "escalation_rule", Some(id.to_string()), String::new());
    Ok(store.delete_guidance_rule(id, &audit).await?)
}
