"use client";
// Members and invitations of the active workspace. Role selects list only the roles the
// viewer may grant; an owner's row is editable only by an owner; the server checks all of it
// again (packages/core/src/members/). Your own row offers Leave instead of Remove.
import { ROLE_LABELS, type Role } from "@mailstream/auth/permissions";
import type { AppRouter } from "@mailstream/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { formatDateTime } from "@/components/ui/format";
import danger from "@/components/ui/danger.module.css";
import { useTRPC } from "@/trpc/client";
import { InlineForm, InlineInput, InlineSelect } from "@/components/ui/form-field";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/list-parts";
import { ErrorAlert } from "@/components/ui/error-alert";

type MembersView = inferRouterOutputs<AppRouter>["members"]["list"];
type Member = MembersView["members"][number];

export function MembersManager({ initial }: { initial: MembersView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.members.list.queryOptions(), initialData: initial });
  const data = list.data;
  const refetch = () => void queryClient.invalidateQueries({ queryKey: trpc.members.list.pathKey() });
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(data.you.grantable.includes("marketer") ? "marketer" : data.you.grantable[0]!);
  const [notice, setNotice] = useState<string | null>(null);

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (sent) => {
        setNotice(`Invitation sent to ${sent.email}.`);
        setEmail("");
        refetch();
      },
    }),
  );
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: refetch }));
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: refetch }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refetch }));
  const transfer = useMutation(
    trpc.members.transferOwnership.mutationOptions({ onSuccess: () => window.location.reload() }),
  );
  const leave = useMutation(
    trpc.workspaces.leave.mutationOptions({ onSuccess: () => window.location.assign("/overview") }),
  );
  const error = invite.error ?? revoke.error ?? changeRole.error ?? remove.error ?? transfer.error ?? leave.error;
  const isYou = (member: Member) => member.userId === data.you.userId;
  const mayTouch = (member: Member) => member.role !== "owner" || data.you.role === "owner";
  // The last owner cannot leave (the server refuses it too): Transfer ownership first.
  const isLastOwner = data.you.role === "owner" && data.members.filter((m) => m.role === "owner").length === 1;

  function onInvite() {
    setNotice(null);
    invite.mutate({ email, role });
  }

  function onRemove(member: Member) {
    if (window.confirm(`Remove ${member.email} from this workspace? They lose access at once.`))
      remove.mutate({ userId: member.userId });
  }

  function onTransfer(member: Member) {
    if (window.confirm(`Make ${member.email} the owner? You become an admin.`))
      transfer.mutate({ userId: member.userId });
  }

  function onLeave() {
    if (window.confirm("Leave this workspace? You will need a new invitation to come back."))
      leave.mutate({ workspaceId: data.workspaceId });
  }

  return (
    <>
      <Card title="Members" titleId="members-title">
        <div className="card-body stack">
          <table className="table" data-testid="members-table">
            <TableHead columns={["Name", "Email", "Role", "Joined", ""]} />
            <tbody>
              {data.members.map((member) => {
                const editable = mayTouch(member);
                // The member's current role stays listed even when the viewer could not grant it.
                const options = editable ? [...new Set<Role>([member.role, ...data.you.grantable])] : [member.role];
                return (
                  <tr key={member.userId}>
                    <td>
                      {member.name}
                      {isYou(member) && <span className="muted"> (you)</span>}
                    </td>
                    <td>{member.email}</td>
                    <td>
                      <select
                        aria-label={`Role of ${member.email}`}
                        className="input"
                        value={member.role}
                        disabled={!editable || changeRole.isPending}
                        onChange={(e) => changeRole.mutate({ userId: member.userId, role: e.target.value as Role })}
                      >
                        {options.map((option) => (
                          <option key={option} value={option}>
                            {ROLE_LABELS[option]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{formatDateTime(new Date(member.joinedAt))}</td>
                    <td className="row">
                      {isYou(member) ? (
                        !isLastOwner && (
                          <button type="button" className={`btn btn-sm ${danger.danger}`} onClick={onLeave}>
                            Leave
                          </button>
                        )
                      ) : (
                        <>
                          {data.you.role === "owner" && member.role !== "owner" && (
                            <button type="button" className="btn btn-sm" onClick={() => onTransfer(member)}>
                              Make owner
                            </button>
                          )}
                          {editable && (
                            <button
                              type="button"
                              className={`btn btn-sm ${danger.danger}`}
                              onClick={() => onRemove(member)}
                            >
                              Remove
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ErrorAlert error={error} />
        </div>
      </Card>

      <Card title="Invite someone" titleId="invite-title">
        <div className="card-body stack">
          <InlineForm
            onSubmit={onInvite}
            submit={invite.isPending ? "Sending…" : "Send invitation"}
            disabled={invite.isPending}
          >
            <InlineInput
              label="Email to invite"
              type="email"
              required
              placeholder="name@company.example"
              value={email}
              onValue={setEmail}
            />
            <InlineSelect label="Role to invite as" value={role} onValue={(value) => setRole(value as Role)}>
              {data.you.grantable.map((option) => (
                <option key={option} value={option}>
                  {ROLE_LABELS[option]}
                </option>
              ))}
            </InlineSelect>
          </InlineForm>
          <p className="hint">The link in the email works once and expires in 7 days.</p>
          {notice && (
            <div role="status" className="alert alert-success">
              {notice}
            </div>
          )}
          {data.invitations.length === 0 ? (
            <p className="muted">No pending invitations.</p>
          ) : (
            <table className="table" data-testid="invitations-table">
              <TableHead columns={["Email", "Role", "Invited by", "Expires", ""]} />
              <tbody>
                {data.invitations.map((invitation) => {
                  const isExpired = new Date(invitation.expiresAt) <= new Date();
                  return (
                    <tr key={invitation.id}>
                      <td>{invitation.email}</td>
                      <td>{ROLE_LABELS[invitation.role]}</td>
                      <td>{invitation.invitedBy ?? "an API key"}</td>
                      <td>{isExpired ? "expired" : formatDateTime(new Date(invitation.expiresAt))}</td>
                      <td>
                        <button
                          type="button"
                          className={`btn btn-sm ${danger.danger}`}
                          disabled={revoke.isPending}
                          onClick={() => revoke.mutate({ invitationId: invitation.id })}
                        >
                          Revoke
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      </Card>
    </>
  );
}
