// Instance owners: who may see and change instance-wide settings (single sign-on). Stored in
// the database (`instance_owners`), not an environment switch, so the settings live on a page.
// The demo owner is one; migration 0025 made the oldest account one on existing installs.
export { addInstanceOwner, isInstanceOwner } from "@mailstream/db/queries/instance-owners";
