// /invite/[token]: an invitation's accept page. An unknown, used, withdrawn or expired link
// gets a clear message and changes nothing. A pending one offers, to a signed-in person, to
// join (only the invited address may); to anyone else, a password form that creates the
// invited account or, if the address has one, signs into it — the page never says which.
import { ROLE_LABELS } from "@mailstream/auth/permissions";
import { describeInvitationLink, INVITATION_MESSAGES } from "@mailstream/api/http/invitation-accept";
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationForm, JoinWorkspaceButton } from "@/components/auth/accept-invitation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getDeps } from "@/server/deps";
import { getShellSession } from "@/server/session";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

/** The token as written in the link; a malformed escape is just an unknown link, not a crash. */
function decodeToken(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const raw = (await params).token;
  const token = decodeToken(raw);
  const invitation = await describeInvitationLink(getDeps().db, token);
  if (invitation.status !== "pending") {
    return (
      <AuthCard title="Invitation">
        <div role="alert" className="alert alert-error" data-testid="invitation-problem">
          {INVITATION_MESSAGES[invitation.status]}
        </div>
        <Link href="/sign-in">Go to sign in</Link>
      </AuthCard>
    );
  }
  const session = await getShellSession();
  const terms = (
    <p>
      You are invited to join <strong>{invitation.workspaceName}</strong> as{" "}
      <strong>{ROLE_LABELS[invitation.role]}</strong>.
    </p>
  );
  if (session) {
    const isForThem = session.user.email.toLowerCase() === invitation.email;
    return (
      <AuthCard title={`Join ${invitation.workspaceName}`}>
        {terms}
        {isForThem ? (
          <JoinWorkspaceButton token={token} />
        ) : (
          <>
            <div role="alert" className="alert alert-error">
              This invitation is for {invitation.email}, and you are signed in as {session.user.email}. Sign out, then
              open the link again.
            </div>
            <SignOutButton next={`/invite/${raw}`} />
          </>
        )}
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.workspaceName}`}>
      {terms}
      <AcceptInvitationForm token={token} email={invitation.email} />
    </AuthCard>
  );
}
