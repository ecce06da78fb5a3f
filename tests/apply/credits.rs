//! Credits in files: amounts are exact to the cent. One with more decimals or beyond 10^12
//! credits is a problem naming the key (the same message as over HTTP and in the TUI), an
//! allocation beyond the pool is refused saying what is unallocated, and nothing changes.
//! Export writes amounts exactly and export -> apply -> export round-trips. (Transfers are not
//! part of the file format.)

use super::*;

const LAB: &str = r#"
[[orgs]]
name = "lab"
full_name = "Lab"
owners = ["ana@x.org"]
credits = 500

[[orgs.workspaces]]
name = "ws-a"
full_name = "A"
credits_allocation = 100

[[orgs.workspaces]]
name = "ws-b"
full_name = "B"
"#;

async fn billing(client: &dyn Client) -> OrgBilling {
    let org = client.list_orgs().await.unwrap()[0].id;
    client.org_billing(org).await.unwrap()
}

/// `LAB` with workspace ws-b given `allocation`.
fn with_b_allocation(allocation: &str) -> String {
    format!("{LAB}credits_allocation = {allocation}\n")
}

#[tokio::test]
async fn an_allocation_with_more_than_two_decimals_is_refused_and_nothing_changes() {
    let client = operator_client();
    apply(&client, LAB).await.unwrap();
    let before = billing(&client).await;
    assert_eq!(before.unallocated, Credits::units(400));
    let audit = audit_total(&client).await;

    let err = apply(&client, &with_b_allocation("400.004"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid, "{err}");
    let expected = Credits::amount("credits_allocation", 400.004)
        .unwrap_err()
        .message;
    assert!(
        err.message
            .contains(&format!("org lab, workspace ws-b: {expected}")),
        "{err}"
    );
    assert!(expected.contains("400.004 has more than two decimals"));

    // One cent more than the pool: refused by the engine, saying what is unallocated.
    let err = apply(&client, &with_b_allocation("400.01"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
    assert!(err.message.contains("has unallocated (400.00)"), "{err}");

    assert_eq!(
        billing(&client).await,
        before,
        "the refusals changed nothing"
    );
    assert_eq!(audit_total(&client).await, audit);

    apply(&client, &with_b_allocation("400")).await.unwrap();
    assert_eq!(billing(&client).await.unallocated, Credits::ZERO);
}

#[tokio::test]
async fn a_balance_beyond_the_bound_is_refused_and_nothing_changes() {
    let client = operator_client();
    apply(&client, LAB).await.unwrap();
    let before = billing(&client).await;
    for (value, problem) in [
        (
            "1.7e308",
            "org lab: credits 1.7e308 is more than 1000000000000, the most credits an amount may hold",
        ),
        // Beyond the largest float the TOML reader refuses it, showing the line.
        ("1.8e308", "credits = 1.8e308"),
        (
            "inf",
            "org lab: credits must be a finite number of credits (got inf)",
        ),
        (
            "nan",
            "org lab: credits must be a finite number of credits (got NaN)",
        ),
        (
            "12.345",
            "org lab: credits 12.345 has more than two decimals",
        ),
        ("-3", "org lab: credits -3 must be at least 0 credits"),
    ] {
        let file = LAB.replace("credits = 500", &format!("credits = {value}"));
        let err = apply(&client, &file).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Invalid, "{err}");
        assert!(err.message.contains(problem), "{problem}\nin:\n{err}");
        assert_eq!(billing(&client).await, before, "{value} changed nothing");
    }
}

#[tokio::test]
async fn cents_are_exported_exactly_and_round_trip() {
    let file = LAB
        .replace("credits = 500", "credits = 1234.56")
        .replace("credits_allocation = 100", "credits_allocation = 0.1")
        + "credits_allocation = 0.2\n";
    let first = operator_client();
    apply(&first, &file).await.unwrap();
    let b = billing(&first).await;
    assert_eq!(b.allocated, Credits::from_cents(30), "0.10 + 0.20 exactly");
    assert_eq!(b.unallocated, Credits::from_cents(123_426));
    let exported = export(&first).await.unwrap();
    for needle in [
        "credits = 1234.56\n",
        "credits_allocation = 0.1\n",
        "credits_allocation = 0.2\n",
    ] {
        assert!(exported.contains(needle), "{needle}\nin:\n{exported}");
    }
    let second = operator_client();
    apply(&second, &exported).await.unwrap();
    assert_eq!(export(&second).await.unwrap(), exported);
    assert!(plan(&first, &exported).await.unwrap().is_empty());
}
