"use client";
// The broadcast editor (new and edit of a draft): name, audience (a segment or a topic),
// template, sender, when (now / at a time / at a local time in each contact's zone), the
// hourly throttle and per-domain limits, and the sending rules (quiet hours, frequency cap;
// send-rules-fields.tsx), and the conversion goal (a track event; the report counts it within
// the workspace's attribution window). The audience estimate updates as the audience, template
// or variants change, warning about contacts that will be skipped — per variant for a test —
// before anything is sent. The staggered A/B/n section is its own component (broadcast-ab-form.tsx).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { FormField, TextField } from "@/components/ui/form-field";
import { formatCount } from "@/components/ui/format";
import {
  abTestDraftOf,
  abTestEstimateVariants,
  abTestInput,
  BroadcastAbForm,
  type AbTestDraft,
} from "./broadcast-ab-form";
import type { BroadcastDraft, BroadcastView } from "./broadcast-status";
import { BestTimeHint } from "./best-time-hint";
import { SendRulesFields, useSendRules } from "./send-rules-fields";
import styles from "./broadcasts.module.css";

type ScheduleKind = NonNullable<BroadcastDraft["schedule"]>["kind"];

/** "gmail.com=5000" per line ⇄ `{ "gmail.com": 5000 }`; a line that does not parse is kept as NaN so the server names it. */
function parseDomainLimits(text: string): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const [domain = "", limit = ""] = line.split("=");
    limits[domain.trim()] = Number(limit.trim());
  }
  return limits;
}
function formatDomainLimits(limits: Record<string, number>): string {
  return Object.entries(limits)
    .map(([domain, limit]) => `${domain}=${limit}`)
    .join("\n");
}
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function BroadcastForm({ broadcast }: { broadcast?: BroadcastView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const segments = useQuery(trpc.segments.list.queryOptions());
  const topics = useQuery(trpc.topics.list.queryOptions());
  const templates = useQuery(trpc.templates.list.queryOptions());

  const [name, setName] = useState(broadcast?.name ?? "");
  const [audience, setAudience] = useState(
    broadcast?.audience
      ? broadcast.audience.kind === "segment"
        ? `segment:${broadcast.audience.segmentId}`
        : `topic:${broadcast.audience.topicId}`
      : "",
  );
  const [templateId, setTemplateId] = useState(broadcast?.templateId ?? "");
  const [fromAddress, setFromAddress] = useState(broadcast?.fromAddress ?? "");
  const [scheduleKind, setScheduleKind] = useState<ScheduleKind>(broadcast?.schedule.kind ?? "now");
  const [sendAt, setSendAt] = useState(
    broadcast?.schedule.kind === "at" ? toLocalInput(broadcast.schedule.sendAt) : "",
  );
  const [localTime, setLocalTime] = useState(
    broadcast?.schedule.kind === "local_time" ? broadcast.schedule.localTime : "",
  );
  const [throttle, setThrottle] = useState(broadcast?.throttlePerHour ? String(broadcast.throttlePerHour) : "");
  const [domainLimits, setDomainLimits] = useState(formatDomainLimits(broadcast?.domainLimits ?? {}));
  const rules = useSendRules(broadcast);
  const [abTest, setAbTest] = useState<AbTestDraft | null>(abTestDraftOf(broadcast?.abTest ?? null));
  const [goalEvent, setGoalEvent] = useState(broadcast?.goalEvent ?? "");

  const [kind, id] = audience.split(":");
  const audienceInput: BroadcastDraft["audience"] =
    kind === "segment" && id
      ? { kind: "segment", segmentId: id }
      : kind === "topic" && id
        ? { kind: "topic", topicId: id }
        : null;
  const estimate = useQuery({
    ...trpc.broadcasts.estimate.queryOptions({
      audience: audienceInput,
      templateId: templateId || null,
      variants: abTestEstimateVariants(abTest),
    }),
    enabled: audienceInput !== null,
    retry: false,
  });

  const draft = (): BroadcastDraft => ({
    name,
    audience: audienceInput,
    templateId: templateId || null,
    fromAddress: fromAddress.trim() || null,
    schedule:
      scheduleKind === "at"
        ? { kind: "at", sendAt: sendAt ? new Date(sendAt).toISOString() : "" }
        : scheduleKind === "local_time"
          ? { kind: "local_time", localTime }
          : scheduleKind === "best_time"
            ? { kind: "best_time" }
            : { kind: "now" },
    throttlePerHour: throttle.trim() === "" ? null : Number(throttle),
    domainLimits: parseDomainLimits(domainLimits),
    ...rules.value,
    goalEvent: goalEvent.trim() || null,
    abTest: abTestInput(abTest, goalEvent.trim() || null),
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.broadcasts.pathKey() });
  const save = useMutation(
    trpc.broadcasts.create.mutationOptions({
      onSuccess: async (created) => {
        await invalidate();
        router.push(`/broadcasts/${created.id}`);
      },
    }),
  );
  const update = useMutation(
    trpc.broadcasts.update.mutationOptions({
      onSuccess: async (saved) => {
        await invalidate();
        router.push(`/broadcasts/${saved.id}`);
      },
    }),
  );
  const error = save.error ?? update.error;

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (broadcast) update.mutate({ ...draft(), broadcastId: broadcast.id });
        else save.mutate(draft());
      }}
    >
      <div className={styles.grid}>
        <section className="card">
          <div className="card-body stack">
            <TextField id="broadcast-name" label="Name" value={name} onValue={setName} required maxLength={200} />
            <FormField
              label="Audience"
              htmlFor="broadcast-audience"
              hint="A segment's current members, or everyone subscribed to a topic, frozen when sending starts."
            >
              <select
                id="broadcast-audience"
                className="input"
                value={audience}
                onChange={(e) => setAudience(e.target.value)}
              >
                <option value="">Choose…</option>
                <optgroup label="Segments">
                  {(segments.data ?? []).map((segment) => (
                    <option key={segment.id} value={`segment:${segment.id}`}>
                      {segment.name} ({formatCount(segment.memberCount)})
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Subscribed to topic">
                  {(topics.data ?? []).map((topic) => (
                    <option key={topic.id} value={`topic:${topic.id}`}>
                      {topic.name}
                    </option>
                  ))}
                </optgroup>
              </select>
            </FormField>
            <FormField
              label="Template"
              htmlFor="broadcast-template"
              hint="Its current content is frozen when you send."
            >
              <select
                id="broadcast-template"
                className="input"
                value={templateId}
                onChange={(e) => setTemplateId(e.target.value)}
              >
                <option value="">Choose…</option>
                {(templates.data ?? []).map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name}
                  </option>
                ))}
              </select>
            </FormField>
            <TextField
              id="broadcast-from"
              label="From (optional)"
              value={fromAddress}
              onValue={setFromAddress}
              placeholder="The template's sender"
              hint="Must be a declared sender (Settings → Senders)."
            />
            <TextField
              id="broadcast-goal"
              label="Conversion goal (optional)"
              mono
              value={goalEvent}
              onValue={setGoalEvent}
              placeholder="order_completed"
              hint="A track event. A recipient converts when it arrives within the workspace's attribution window after their send."
            />
          </div>
        </section>
        <section className="card">
          <div className="card-body stack">
            <FormField label="When" htmlFor="broadcast-when">
              <select
                id="broadcast-when"
                className="input"
                value={scheduleKind}
                onChange={(e) => setScheduleKind(e.target.value as ScheduleKind)}
              >
                <option value="now">Now</option>
                <option value="at">At a set time</option>
                <option value="local_time">At a local time in each contact&apos;s zone</option>
                <option value="best_time">Within the next 24 h, at each contact&apos;s best time</option>
              </select>
            </FormField>
            {scheduleKind === "at" ? (
              <TextField
                id="broadcast-send-at"
                label="Send at (your time)"
                type="datetime-local"
                value={sendAt}
                onValue={setSendAt}
              />
            ) : null}
            {scheduleKind === "local_time" ? (
              <TextField
                id="broadcast-local-time"
                label="Local date and time"
                type="datetime-local"
                value={localTime}
                onValue={setLocalTime}
                hint="Rolls out zone by zone over about 26 hours; contacts without a zone get it at this time in UTC."
              />
            ) : null}
            {scheduleKind === "best_time" ? <BestTimeHint /> : null}
            <TextField
              id="broadcast-throttle"
              label="Throttle (emails per hour, optional)"
              type="number"
              min={100}
              value={throttle}
              onValue={setThrottle}
            />
            <FormField
              label="Per-domain limits (optional)"
              htmlFor="broadcast-domains"
              hint="One per line: gmail.com=5000 (emails per hour)."
            >
              <textarea
                id="broadcast-domains"
                className="textarea mono"
                rows={3}
                value={domainLimits}
                onChange={(e) => setDomainLimits(e.target.value)}
              />
            </FormField>
          </div>
        </section>
      </div>

      <SendRulesFields fields={rules.fields} />

      <BroadcastAbForm value={abTest} onChange={setAbTest} templates={templates.data ?? []} />

      <section className="card" data-testid="broadcast-estimate" aria-live="polite">
        <div className="card-header">
          <h2>Audience estimate</h2>
        </div>
        <div className="card-body">
          {audienceInput === null ? (
            <p className="muted">Choose an audience to see how many contacts it holds.</p>
          ) : null}
          {estimate.isFetching && !estimate.data ? <p className="muted">Counting…</p> : null}
          <ErrorAlert error={estimate.error} />
          {estimate.data ? (
            <>
              <p>
                <strong data-testid="estimate-size">{formatCount(estimate.data.audienceSize)}</strong> contacts
                {templateId || estimate.data.variants.length > 0 ? (
                  <>
                    {" "}
                    · {abTest ? "at most " : ""}
                    <span data-testid="estimate-missing">{formatCount(estimate.data.missingVariables.count)}</span> lack
                    a required value
                    {estimate.data.missingVariables.isExact ? "" : " (estimated from a sample)"}
                  </>
                ) : null}
              </p>
              {abTest && estimate.data.variants.length > 0 ? (
                <ul className={styles.warnings} data-testid="estimate-variants">
                  {estimate.data.variants.map((variant) => (
                    <li key={variant.key} data-testid={`estimate-variant-${variant.key}`}>
                      Variant {variant.key}: {formatCount(variant.count)} lack a value its template requires
                    </li>
                  ))}
                </ul>
              ) : null}
              {estimate.data.warnings.length > 0 ? (
                <ul className={styles.warnings}>
                  {estimate.data.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </div>
      </section>

      <ErrorAlert error={error} />
      <div className={styles.actions}>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={save.isPending || update.isPending}
          data-testid="save-broadcast"
        >
          Save draft
        </button>
      </div>
    </form>
  );
}
