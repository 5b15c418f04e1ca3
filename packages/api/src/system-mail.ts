// The system mail module (packages/core/src/system-mail) for deployables: the web app builds
// its mailer here and hands it to the tRPC context (invitations) and to better-auth (reset
// and verification links).
export { createSystemMailer, type SystemMailer } from "@mailstream/core/system-mail/system-mail";
