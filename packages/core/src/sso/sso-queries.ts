// What the single sign-on page reads besides the settings: the rules and the workspaces a rule may name.
export { listAllWorkspaces, listSsoDomainRules, type SsoDomainRuleView } from "@mailstream/db/queries/sso";
