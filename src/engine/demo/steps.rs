//! The script itself, in order: accounts, the owners' setup, invitations and
//! answers, then a few weeks of work.

use super::script::{
    add_account, add_role, all_system_policies, create_env, developer_policies, invite, respond,
    strings, viewer_policies,
};
use super::{
    ACCOUNT_DELEGATE, CUSTOM_POLICY, CUSTOM_ROLE, DELEGATED_ENV, DENIED_ACTION, DENIED_ENV,
    DENIED_MEMBER, DemoError, ENV_CREATOR, ENV_DELEGATE, EXAMPLE1_ENV, EXAMPLE1_MEMBER,
    EXAMPLE2_ENV, EXAMPLE2_MEMBER, EXAMPLE3_ENV, EXAMPLE3_MEMBER, LEFT_MEMBER, MEMBER_CREATED_ENV,
    OWNER, PENDING_MEMBER, REJECTED_MEMBER, SECOND_OWNER, SHARED_MEMBER, SUSPENDED_MEMBER, Script,
};
use crate::engine::command::{Command, MemberOp, Response};

pub(super) fn accounts(s: &mut Script) -> Result<(), DemoError> {
    s.at(0, 9, 0)?;
    s.run(None, &add_account(OWNER, "Olga Petrova", Some(50)))?;
    for (email, name) in [
        (ACCOUNT_DELEGATE, "Boris Ivanov"),
        (EXAMPLE1_MEMBER, "Anna Schmidt"),
        (EXAMPLE2_MEMBER, "Ivan Kuznetsov"),
        (EXAMPLE3_MEMBER, "Maria Garcia"),
        (ENV_DELEGATE, "Dmitri Volkov"),
        (ENV_CREATOR, "Elena Sokolova"),
        (SUSPENDED_MEMBER, "Sergey Popov"),
        (LEFT_MEMBER, "Kate Miller"),
        (REJECTED_MEMBER, "Paul Novak"),
        (SECOND_OWNER, "Nikolai Orlov"),
    ] {
        s.run(None, &add_account(email, name, None))?;
    }
    Ok(())
}

pub(super) fn olga_setup(s: &mut Script) -> Result<(), DemoError> {
    s.at(0, 9, 30)?;
    s.by(
        OWNER,
        Command::AddPolicy {
            name: CUSTOM_POLICY.into(),
            methods: strings(&[
                "env.deployment.Deploy",
                "env.deployment.Undeploy",
                "env.vcs.Update",
                "env.build.BuildProject",
                "env.control.RestartNodes",
                "env.control.GetLogs",
            ]),
            description: Some("Ship a release: deploy, build from Git, restart, read logs".into()),
        },
    )?;
    let mut user = viewer_policies();
    user.extend(strings(&["env.startstop", "node.restart"]));
    for cmd in [
        add_role(
            "Viewer",
            "Read-only: files, logs and statistics",
            viewer_policies(),
            false,
        ),
        add_role("User", "Viewer plus start, stop and restart", user, false),
        add_role(
            "Developer",
            "Everything but creating, deleting, migrating, cloning, transferring and groups",
            developer_policies(),
            false,
        ),
        add_role(
            "Accountant",
            "Costs and statistics",
            strings(&["billing.view", "stats.view"]),
            false,
        ),
        add_role(
            "Admin",
            "Every system policy; receives load alerts",
            all_system_policies(),
            true,
        ),
        add_role(
            CUSTOM_ROLE,
            "Release duty: the Ship Releases policy plus files and statistics",
            strings(&[CUSTOM_POLICY, "fs.view", "stats.view"]),
            false,
        ),
    ] {
        s.by(OWNER, cmd)?;
    }
    for path in [
        "Production/EU/Frankfurt",
        "Production/US",
        "Staging",
        "Testing",
        "Finance/Reports",
    ] {
        s.by(
            OWNER,
            Command::AddGroup {
                owner: None,
                path: path.into(),
            },
        )?;
    }
    s.at(0, 11, 0)?;
    for (name, groups, cloudlets) in [
        ("shop-prod", &["Production/EU/Frankfurt"][..], 16),
        ("cdn-frankfurt", &["Production/EU/Frankfurt"][..], 8),
        ("api-eu", &["Production/EU"][..], 12),
        ("billing-db", &["Production/EU", "Finance/Reports"][..], 8),
        ("api-us", &["Production/US"][..], 12),
        ("mail-relay", &["Production/US"][..], 2),
        ("shop-staging", &["Staging"][..], 6),
        ("api-staging", &["Staging"][..], 4),
        ("docs-site", &["Staging"][..], 2),
        ("invoice-worker", &["Finance/Reports"][..], 4),
        ("ci-runner", &["Testing"][..], 8),
        ("legacy-crm", &[][..], 4),
        ("status-page", &[][..], 1),
    ] {
        s.by(OWNER, create_env(name, groups, cloudlets))?;
    }
    Ok(())
}

pub(super) fn nikolai_setup(s: &mut Script) -> Result<(), DemoError> {
    s.at(0, 15, 0)?;
    s.by(
        SECOND_OWNER,
        add_role("Viewer", "Read-only access", viewer_policies(), false),
    )?;
    s.by(
        SECOND_OWNER,
        add_role(
            "Developer",
            "Day-to-day development",
            developer_policies(),
            false,
        ),
    )?;
    s.by(
        SECOND_OWNER,
        Command::AddGroup {
            owner: None,
            path: "Web".into(),
        },
    )?;
    s.by(SECOND_OWNER, create_env("globex-web", &["Web"], 8))?;
    s.by(SECOND_OWNER, create_env("globex-api", &["Web"], 6))?;
    s.by(SECOND_OWNER, create_env("globex-db", &[], 10))?;
    Ok(())
}

pub(super) fn invitations(s: &mut Script) -> Result<(), DemoError> {
    s.at(1, 10, 0)?;
    let olga: [(&str, &str, &[&str]); 9] = [
        (ACCOUNT_DELEGATE, "Boris Ivanov", &["envs=Admin"]),
        (
            EXAMPLE1_MEMBER,
            "Anna Schmidt",
            &["envs=Viewer", "groups=User"],
        ),
        (
            EXAMPLE2_MEMBER,
            "Ivan Kuznetsov",
            &["env:shop-prod=Viewer", "group:Production=Admin"],
        ),
        (
            EXAMPLE3_MEMBER,
            "Maria Garcia",
            &[
                "group:Production=Admin",
                "group:Production/EU=Developer+Accountant",
                "group:Finance",
                "group:Finance/Reports",
                "groups=Viewer",
            ],
        ),
        (
            ENV_DELEGATE,
            "Dmitri Volkov",
            &["envs=Viewer", "env:shop-staging=Developer", "env:docs-site"],
        ),
        (
            ENV_CREATOR,
            "Elena Sokolova",
            &["group:Testing=Admin", "group:Staging=Deployer"],
        ),
        (SUSPENDED_MEMBER, "Sergey Popov", &["group:Staging=User"]),
        (LEFT_MEMBER, "Kate Miller", &["group:Testing=Admin"]),
        (
            REJECTED_MEMBER,
            "Paul Novak",
            &["groups=Viewer", "group:Staging"],
        ),
    ];
    for (email, name, specs) in olga {
        s.by(OWNER, invite(None, email, name, specs)?)?;
    }
    s.at(1, 16, 0)?;
    s.by(
        SECOND_OWNER,
        invite(None, SHARED_MEMBER, "Anna (acme.io)", &["envs=Developer"])?,
    )?;
    s.by(
        SECOND_OWNER,
        invite(
            None,
            ENV_DELEGATE,
            "Dmitri (acme.io)",
            &["group:Web=Viewer"],
        )?,
    )?;
    Ok(())
}

pub(super) fn responses(s: &mut Script) -> Result<(), DemoError> {
    s.at(2, 9, 15)?;
    for member in [
        ACCOUNT_DELEGATE,
        EXAMPLE1_MEMBER,
        EXAMPLE2_MEMBER,
        EXAMPLE3_MEMBER,
        ENV_DELEGATE,
        ENV_CREATOR,
        SUSPENDED_MEMBER,
        LEFT_MEMBER,
    ] {
        s.by(member, respond(OWNER, Response::Accept))?;
    }
    s.by(REJECTED_MEMBER, respond(OWNER, Response::Reject))?;
    s.by(SHARED_MEMBER, respond(SECOND_OWNER, Response::Accept))?;
    // The account-wide delegate invites on the owner's behalf; the invitation creates
    // Tom's account.
    s.at(2, 14, 0)?;
    s.by(
        ACCOUNT_DELEGATE,
        invite(Some(OWNER), PENDING_MEMBER, "Tom Baker", &["envs=Viewer"])?,
    )?;
    Ok(())
}

pub(super) fn work(s: &mut Script) -> Result<(), DemoError> {
    // Members create environments on Olga's account, in a group where they may.
    s.at(3, 10, 0)?;
    s.by(
        ENV_CREATOR,
        Command::CreateEnv {
            name: MEMBER_CREATED_ENV.into(),
            owner: Some(OWNER.into()),
            groups: strings(&["Testing"]),
            cloudlets: Some(4),
        },
    )?;
    s.by(
        LEFT_MEMBER,
        Command::CreateEnv {
            name: "load-test".into(),
            owner: Some(OWNER.into()),
            groups: strings(&["Testing"]),
            cloudlets: Some(16),
        },
    )?;

    s.at(4, 9, 40)?;
    s.act(OWNER, "shop-prod", "restart")?;
    s.act(EXAMPLE1_MEMBER, EXAMPLE1_ENV, "logs")?;
    s.act(EXAMPLE1_MEMBER, "shop-staging", "restart")?;
    s.at(4, 13, 5)?;
    s.act(EXAMPLE2_MEMBER, EXAMPLE2_ENV, "logs")?;
    // Direct Viewer wins over the group's Admin, so the restart is refused and
    // recorded as a denied task.
    s.denied(
        DENIED_MEMBER,
        &Command::EnvDo {
            env: DENIED_ENV.into(),
            action: DENIED_ACTION.into(),
        },
    )?;
    s.at(5, 11, 20)?;
    s.act(EXAMPLE3_MEMBER, EXAMPLE3_ENV, "stats")?;
    s.act(
        EXAMPLE3_MEMBER,
        EXAMPLE3_ENV,
        "billing.account.GetEnvBillingHistory",
    )?;
    s.at(6, 10, 0)?;
    s.act(ENV_DELEGATE, DELEGATED_ENV, "deploy")?;
    // The per-environment delegate manages direct access where it is a delegate.
    s.by(
        ENV_DELEGATE,
        Command::SetDirect {
            env: DELEGATED_ENV.into(),
            member: ENV_CREATOR.into(),
            roles: strings(&["Developer"]),
        },
    )?;
    s.at(6, 15, 30)?;
    s.act(ENV_CREATOR, "api-staging", "deploy")?;
    s.act(ENV_CREATOR, MEMBER_CREATED_ENV, "stop")?;
    s.act(LEFT_MEMBER, "load-test", "stop")?;
    s.act(LEFT_MEMBER, "load-test", "start")?;
    s.at(7, 9, 10)?;
    s.act(SUSPENDED_MEMBER, "api-staging", "restart")?;
    s.act(ACCOUNT_DELEGATE, "mail-relay", "sleep")?;
    s.act(OWNER, "ci-runner", "stop")?;
    s.at(8, 12, 0)?;
    s.act(SECOND_OWNER, "globex-web", "restart")?;
    s.act(SHARED_MEMBER, "globex-web", "deploy")?;

    // The status changes come last, so the task log above shows everyone at work.
    s.at(10, 9, 0)?;
    s.by(
        ACCOUNT_DELEGATE,
        Command::Member {
            owner: Some(OWNER.into()),
            email: SUSPENDED_MEMBER.into(),
            op: MemberOp::Suspend,
        },
    )?;
    s.at(12, 17, 45)?;
    s.by(LEFT_MEMBER, respond(OWNER, Response::Leave))?;
    s.at(16, 10, 0)?;
    s.by(
        ACCOUNT_DELEGATE,
        Command::Member {
            owner: Some(OWNER.into()),
            email: PENDING_MEMBER.into(),
            op: MemberOp::Resend,
        },
    )?;
    Ok(())
}
