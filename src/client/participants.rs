use crate::domain::{
    BulkLine, OrgId, Page, Paged, Participant, ParticipantId, ParticipantRef, ParticipantRole,
    Result, Usage, WorkspaceId,
};
use async_trait::async_trait;

#[async_trait]
pub trait ParticipantClient: Send + Sync {
    async fn list_participants(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        page: Page,
    ) -> Result<Paged<Participant>>;

    /// Participants used against the tier's limit (`12/50`).
    async fn participant_usage(&self, org: OrgId, workspace: WorkspaceId) -> Result<Usage>;

    /// Adds a member, a team, or a user by name or email (an unknown email becomes an org
    /// collaborator), with `role` or the default `launch`.
    async fn add_participant(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        who: ParticipantRef,
        role: Option<ParticipantRole>,
    ) -> Result<Participant>;

    async fn set_participant_role(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        role: ParticipantRole,
    ) -> Result<()>;

    async fn remove_participant(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
    ) -> Result<()>;

    /// The acting user leaves the workspace.
    async fn leave_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()>;

    /// Adds one participant per line (emails or user names); blank lines and `#` comments are
    /// skipped. Each line succeeds or fails on its own.
    async fn add_participants_bulk(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        lines: &str,
        role: Option<ParticipantRole>,
    ) -> Result<Vec<BulkLine>> {
        let mut results = Vec::new();
        for line in bulk_lines(lines) {
            let result = self
                .add_participant(
                    org,
                    workspace,
                    ParticipantRef::UserNameOrEmail(line.clone()),
                    role.clone(),
                )
                .await
                .map_err(|e| e.message);
            results.push(BulkLine { line, result });
        }
        Ok(results)
    }
}

/// The entries of a pasted list: one per line (commas and semicolons also separate), trimmed,
/// without blanks, `#` comments or repeats.
pub fn bulk_lines(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(|l| l.split([',', ';']))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| seen.insert(l.to_ascii_lowercase()))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::bulk_lines;

    #[test]
    fn bulk_lines_split_and_dedupe() {
        let text = "ana@x.org\n\n  ben@x.org, cy@x.org ; # comment\n# all comment\nANA@x.org\n";
        assert_eq!(bulk_lines(text), vec!["ana@x.org", "ben@x.org", "cy@x.org"]);
    }
}
