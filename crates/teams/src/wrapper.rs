//! The PowerShell text sent on stdin: sign-in, the user's script inside `try`, and
//! framed results. Only constructs that Windows PowerShell 5.1, PowerShell 7 and the
//! sandbox interpreter all understand are used here.

use secrecy::{ExposeSecret, SecretString};

use crate::framing::{Marker, RecordKind};
use crate::script::RenderedScript;
use crate::tokens::TeamsTokens;

/// Builds the full stdin text. The caller validated the tokens, so they are safe
/// inside single quotes; the result is secret because it holds them.
pub(crate) fn wrap(script: &RenderedScript, tokens: &TeamsTokens, marker: &Marker) -> SecretString {
    let object = marker.prefix(RecordKind::Object);
    let error = marker.prefix(RecordKind::Error);
    let end = marker.prefix(RecordKind::End);
    // `$_` in `catch` is the failing record in both PowerShell and the sandbox;
    // `CategoryInfo.Activity` names the cmdlet, and the string casts keep enums
    // (the category) from turning into numbers in JSON.
    let text = format!(
        "$ErrorActionPreference = 'Stop'\n\
         $ProgressPreference = 'SilentlyContinue'\n\
         $__sbTokens = @('{graph}', '{teams}')\n\
         try {{\n\
         Connect-MicrosoftTeams -AccessTokens $__sbTokens | Out-Null\n\
         $__sbTokens = $null\n\
         $__sbOutput = @(\n\
         {body}\
         )\n\
         foreach ($__sbItem in $__sbOutput) {{ '{object} ' + (ConvertTo-Json -InputObject $__sbItem -Depth 6 -Compress) }}\n\
         }} catch {{\n\
         $__sbTokens = $null\n\
         $__sbRecord = [pscustomobject]@{{ cmdlet = \"$($_.CategoryInfo.Activity)\"; message = \"$($_.Exception.Message)\"; category = \"$($_.CategoryInfo.Category)\"; fullyQualifiedErrorId = \"$($_.FullyQualifiedErrorId)\" }}\n\
         '{error} ' + (ConvertTo-Json -InputObject $__sbRecord -Compress)\n\
         }}\n\
         '{end}'\n\n",
        graph = tokens.graph.expose_secret(),
        teams = tokens.teams.expose_secret(),
        body = script.stdin_safe_lines(),
    );
    SecretString::from(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_sit_in_quoted_literals_and_the_script_inside_try() {
        let tokens = TeamsTokens {
            graph: "eyJg.a.b".into(),
            teams: "eyJt.c.d".into(),
        };
        let marker = Marker::fresh();
        let script = RenderedScript::new("Get-CsOnlineUser\n\nGet-CsTenantDialPlan").unwrap();
        let text = wrap(&script, &tokens, &marker);
        let text = text.expose_secret();
        assert!(text.contains("$__sbTokens = @('eyJg.a.b', 'eyJt.c.d')\n"));
        let try_at = text.find("try {").unwrap();
        let body_at = text
            .find("Get-CsOnlineUser\n#\nGet-CsTenantDialPlan\n")
            .unwrap();
        let catch_at = text.find("} catch {").unwrap();
        assert!(try_at < body_at && body_at < catch_at);
        assert!(text
            .trim_end()
            .ends_with(&format!("'{}'", marker.prefix(RecordKind::End))));
    }
}
