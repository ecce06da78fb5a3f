//! `nfdeck token create --user EMAIL [--name NAME]`: a token for `nfdeck serve`, printed once.

use super::Context;
use crate::cli::{GlobalArgs, TokenCommand, TokenCreateArgs};
use crate::domain::{Error, Result};
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs, command: &TokenCommand) -> Result<ExitCode> {
    match command {
        TokenCommand::Create(args) => create(ctx, global, args).await,
    }
}

async fn create(ctx: &Context, global: &GlobalArgs, args: &TokenCreateArgs) -> Result<ExitCode> {
    if global.act_as.is_some() {
        return Err(Error::forbidden(
            "only the operator creates tokens; drop --as",
        ));
    }
    let client = ctx.embedded_client(global).await?;
    let (user, name) = (args.user.clone(), args.name.clone());
    let token = client
        .write(move |cx| cx.create_token(&user, &name))
        .await?;
    // The token goes to stdout alone, so that `$(nfdeck token create ...)` captures it.
    println!("{token}");
    eprintln!(
        "Token '{}' for {} created. It is shown only this once; only its hash is stored.\n\
         Use it with: TOWER_ACCESS_TOKEN=<token> TOWER_API_ENDPOINT=http://HOST:PORT nfdeck (or tw, or nextflow run -with-tower)",
        args.name, args.user
    );
    Ok(ExitCode::SUCCESS)
}
