//! The word lists names are drawn from, and the names of the account pool.

pub(super) const FIRST: [&str; 24] = [
    "Anna", "Boris", "Chen", "Dara", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Kira",
    "Liam", "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Wade", "Yuki",
];
pub(super) const LAST: [&str; 20] = [
    "Adler", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen",
    "Kowalski", "Lopez", "Meyer", "Novak", "Olsen", "Petrov", "Rossi", "Silva", "Tanaka", "Weber",
];
pub(super) const DOMAINS: [&str; 7] = [
    "acme.io",
    "globex.io",
    "initech.com",
    "umbrella.dev",
    "hooli.io",
    "stark.org",
    "wayne.net",
];
pub(super) const ENV_PREFIX: [&str; 16] = [
    "shop",
    "api",
    "billing",
    "cdn",
    "mail",
    "auth",
    "search",
    "media",
    "analytics",
    "crm",
    "docs",
    "queue",
    "cache",
    "reports",
    "gateway",
    "chat",
];
pub(super) const ENV_SUFFIX: [&str; 9] = [
    "prod", "staging", "dev", "test", "qa", "eu", "us", "asia", "canary",
];
pub(super) const ROOT_GROUPS: [&str; 10] = [
    "Production",
    "Staging",
    "Testing",
    "Development",
    "Sandbox",
    "Customers",
    "Internal",
    "Partners",
    "Archive",
    "Regions",
];
pub(super) const SUB_GROUPS: [&str; 10] = [
    "Region", "Team", "Project", "Client", "Service", "Cluster", "Zone", "Squad", "Site", "Tier",
];
pub(super) const ROLE_AREAS: [&str; 12] = [
    "Frontend",
    "Backend",
    "Data",
    "Mobile",
    "Platform",
    "Security",
    "Support",
    "QA",
    "Billing",
    "Marketing",
    "Search",
    "Payments",
];
pub(super) const ROLE_KINDS: [&str; 6] = [
    "Operator",
    "Auditor",
    "Maintainer",
    "Deployer",
    "Observer",
    "Lead",
];
/// The primary's custom policies: name, description, methods.
pub(super) const CUSTOM_POLICIES: [(&str, &str, &[&str]); 3] = [
    (
        "Release Train",
        "Deploy and build releases",
        &[
            "env.deployment.Deploy",
            "env.deployment.Undeploy",
            "env.vcs.Update",
            "env.build.BuildProject",
        ],
    ),
    (
        "Night Ops",
        "Keep things running out of hours",
        &[
            "env.control.StartEnv",
            "env.control.StopEnv",
            "env.control.RestartNodes",
            "env.control.GetLogs",
        ],
    ),
    (
        "Audit Trail",
        "Read logs, statistics and billing history",
        &[
            "env.control.GetLogs",
            "env.control.GetStats",
            "billing.account.GetEnvBillingHistory",
        ],
    ),
];
/// Methods the task history is made of.
pub(super) const TASK_METHODS: [&str; 10] = [
    "env.control.StartEnv",
    "env.control.StopEnv",
    "env.control.RestartNodes",
    "env.control.GetLogs",
    "env.control.GetStats",
    "env.deployment.Deploy",
    "env.build.BuildProject",
    "env.control.RedeployContainers",
    "env.control.ExecCmd",
    "env.control.SleepEnv",
];

pub(super) fn person(index: usize) -> (&'static str, &'static str) {
    (
        cycle(&FIRST, index),
        cycle(&LAST, index / FIRST.len() + index),
    )
}

/// The `index`-th word of a fixed, non-empty word list, wrapping around.
pub(super) fn cycle(words: &[&'static str], index: usize) -> &'static str {
    index
        .checked_rem(words.len())
        .and_then(|i| words.get(i))
        .copied()
        .unwrap_or_default()
}

pub(super) fn account_name(index: usize) -> String {
    if index == 0 {
        return "Acme Owner".to_string();
    }
    let (first, last) = person(index);
    format!("{first} {last}")
}
