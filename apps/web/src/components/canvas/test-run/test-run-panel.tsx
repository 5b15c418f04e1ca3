"use client";
// The canvas's Test panel: pick who (a contact written here, or a real one found by search), script what
// they do ("signed_up now", "purchase after 2h", "no purchase"), run the journey with time
// skipped, and read the timeline — every step at its virtual time, each decision's inputs, each
// email as it would be sent, each webhook request. The path taken lights up on the canvas.
import { useId, useState } from "react";
import type { TestRunTimeline } from "@mailstream/journey/test-timeline";
import { getCanvasKind, isNodeKind } from "@/components/canvas/kinds/registry";
import { useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import jc from "@/components/canvas/journey-editor.module.css";
import { ContactPicker, type PickedContact } from "./contact-picker";
import { describeStep, formatOffset } from "./describe-entry";
import styles from "./test-run-panel.module.css";

export interface TestRunRequest {
  source: "draft" | "live";
  script: Record<string, unknown>;
  lines: string;
}

export interface TestRunProblem {
  message: string;
  issues: { path: string; message: string }[];
}

export interface TestRunPanelProps {
  hasLiveVersion: boolean;
  triggerEvent: string;
  /** Resolves with the timeline; rejects with a TestRunProblem (or any Error) to show. */
  onRun: (request: TestRunRequest) => Promise<TestRunTimeline>;
  /** Runs the same test again and delivers its emails to the signed-in person ("Send the path to me"). */
  onSendPath: (request: TestRunRequest) => Promise<TestRunTimeline>;
  /** The nodes the run went through, for the canvas; null clears the highlight. */
  onPath: (nodeIds: ReadonlySet<string> | null) => void;
  onClose: () => void;
}

type Entry =
  | { type: "event"; index: number; offsetMs: number; event: TestRunTimeline["events"][number] }
  | { type: "step"; index: number; offsetMs: number; step: TestRunTimeline["steps"][number] };

/** Scripted events and recorded steps in one list by virtual time (an event before what it caused). */
function entriesOf(timeline: TestRunTimeline): Entry[] {
  const entries: Entry[] = [
    ...timeline.events.map((event, index) => ({ type: "event" as const, index, offsetMs: event.offsetMs, event })),
    ...timeline.steps.map((step, index) => ({ type: "step" as const, index, offsetMs: step.offsetMs, step })),
  ];
  return entries.sort(
    (a, b) => a.offsetMs - b.offsetMs || (a.type === b.type ? a.index - b.index : a.type === "event" ? -1 : 1),
  );
}

const PSEUDO_NAMES: Record<string, string> = { $goal: "Goal", $exit: "Exit criterion" };

function parseTraits(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
  return value as Record<string, unknown>;
}

export function TestRunPanel({ hasLiveVersion, triggerEvent, onRun, onSendPath, onPath, onClose }: TestRunPanelProps) {
  const id = useId();
  const nodes = useCanvasStore((s) => s.nodes);
  const templatesById = useCanvasStore((s) => s.templatesById);
  const [source, setSource] = useState<"draft" | "live">("draft");
  const [who, setWho] = useState<"written" | "real">("written");
  const [email, setEmail] = useState("test@example.com");
  const [traits, setTraits] = useState('{ "first_name": "Ada" }');
  const [picked, setPicked] = useState<PickedContact | null>(null);
  const [lines, setLines] = useState(`${triggerEvent || "signed_up"} now`);
  const [isRunning, setIsRunning] = useState(false);
  const [problem, setProblem] = useState<TestRunProblem | null>(null);
  const [timeline, setTimeline] = useState<TestRunTimeline | null>(null);
  const [lastRequest, setLastRequest] = useState<TestRunRequest | null>(null);
  const [sentNotice, setSentNotice] = useState<string | null>(null);

  function nameOf(nodeId: string): string {
    if (PSEUDO_NAMES[nodeId]) return PSEUDO_NAMES[nodeId];
    const node = nodes.find((candidate) => candidate.id === nodeId);
    if (!node || !isNodeKind(node.type)) return nodeId;
    const data = node.data as { kind?: string; templateId?: string | null };
    const template = data.kind === "email" && data.templateId ? templatesById.get(data.templateId) : undefined;
    return template ? `Email: ${template.name}` : getCanvasKind(node.type).title;
  }

  async function run() {
    setProblem(null);
    let contact: Record<string, unknown>;
    if (who === "real" && !picked) {
      setProblem({ message: "Pick a contact to test with", issues: [] });
      return;
    }
    try {
      contact =
        who === "real"
          ? { contactId: picked?.id }
          : { email: email.trim() === "" ? null : email.trim(), traits: parseTraits(traits) };
    } catch {
      setProblem({ message: 'Traits must be a JSON object, like { "plan": "pro" }', issues: [] });
      return;
    }
    setIsRunning(true);
    setSentNotice(null);
    try {
      const request = { source, script: { contact }, lines };
      const result = await onRun(request);
      setLastRequest(request);
      setTimeline(result);
      onPath(new Set(result.steps.map((step) => step.nodeId)));
    } catch (error) {
      setTimeline(null);
      onPath(null);
      const known = error as Partial<TestRunProblem>;
      setProblem({ message: known.message ?? "The test run failed", issues: known.issues ?? [] });
    } finally {
      setIsRunning(false);
    }
  }

  async function sendPath() {
    if (!lastRequest) return;
    setIsRunning(true);
    setProblem(null);
    try {
      const result = await onSendPath(lastRequest);
      setSentNotice(
        result.delivered
          ? `Sent ${result.delivered.count} email${result.delivered.count === 1 ? "" : "s"} to ${result.delivered.to}, marked [Test]`
          : "Nothing to send",
      );
    } catch (error) {
      const known = error as Partial<TestRunProblem>;
      setProblem({ message: known.message ?? "Sending the path failed", issues: known.issues ?? [] });
    } finally {
      setIsRunning(false);
    }
  }

  const emailsByNode = new Map((timeline?.emails ?? []).map((sent) => [sent.nodeId, sent]));
  const webhooksByNode = new Map((timeline?.webhooks ?? []).map((call) => [call.nodeId, call]));

  return (
    <section className={`${jc.inspector} ${styles.panel}`} aria-label="Test run">
      <div className={jc.inspectorHeader}>
        <h2 className={jc.inspectorTitle}>Test run</h2>
        <button
          type="button"
          className={`${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
          onClick={() => {
            onPath(null);
            onClose();
          }}
        >
          Close
        </button>
      </div>
      <p className={jc.help}>
        Runs the journey as it would run, with time skipped: nothing is sent, no webhook is called, no contact changes.
      </p>
      <div className={styles.row} role="radiogroup" aria-label="Version">
        <label className={jc.check}>
          <input type="radio" checked={source === "draft"} onChange={() => setSource("draft")} /> Saved draft
        </label>
        <label className={jc.check}>
          <input
            type="radio"
            checked={source === "live"}
            disabled={!hasLiveVersion}
            onChange={() => setSource("live")}
          />{" "}
          Live version
        </label>
      </div>
      <div className={styles.row} role="radiogroup" aria-label="Contact">
        <label className={jc.check}>
          <input type="radio" checked={who === "written"} onChange={() => setWho("written")} /> Write a contact
        </label>
        <label className={jc.check}>
          <input type="radio" checked={who === "real"} onChange={() => setWho("real")} /> A real contact
        </label>
      </div>
      {who === "written" ? (
        <>
          <label className={jc.field} htmlFor={`${id}-email`}>
            Email
            <input id={`${id}-email`} className={jc.input} value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className={jc.field} htmlFor={`${id}-traits`}>
            Traits (JSON)
            <textarea
              id={`${id}-traits`}
              className={`${jc.textarea} ${styles.script}`}
              value={traits}
              onChange={(e) => setTraits(e.target.value)}
            />
          </label>
        </>
      ) : (
        <ContactPicker value={picked} onChange={setPicked} />
      )}
      <label className={jc.field} htmlFor={`${id}-script`}>
        What they do, one per line
        <textarea
          id={`${id}-script`}
          className={`${jc.textarea} ${styles.script}`}
          value={lines}
          onChange={(e) => setLines(e.target.value)}
          spellCheck={false}
        />
        <span className={jc.help}>
          {`"${triggerEvent || "signed_up"} now", "viewed_product after 2h {"sku":"A1"}", "purchase at 3d", "no purchase"`}
        </span>
      </label>
      <div className={styles.row}>
        <button
          type="button"
          className={`${jc.button} ${jc.buttonPrimary}`}
          onClick={() => void run()}
          disabled={isRunning}
        >
          {isRunning ? "Running…" : "Run test"}
        </button>
      </div>
      {problem && (
        <ul className={styles.problems} role="alert">
          <li>{problem.message}</li>
          {problem.issues.map((issue, index) => (
            <li key={index}>
              {issue.path}: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {timeline && (
        <>
          <p className={styles.summary}>
            Run {timeline.status}
            {timeline.reason ? ` (${timeline.reason})` : ""} · {timeline.emails.length} email
            {timeline.emails.length === 1 ? "" : "s"} · {timeline.webhooks.length} webhook
            {timeline.webhooks.length === 1 ? "" : "s"} · answered in {(timeline.elapsedMs / 1000).toFixed(1)} s
          </p>
          {timeline.emails.length > 0 && (
            <div className={styles.row}>
              <button
                type="button"
                className={`${jc.button} ${jc.buttonGhost}`}
                onClick={() => void sendPath()}
                disabled={isRunning}
                title="Every email of this path, now, in order, to your own address; counted in no metric"
              >
                Send the path to me
              </button>
              {sentNotice && (
                <span className={styles.summary} role="status">
                  {sentNotice}
                </span>
              )}
            </div>
          )}
          <ol className={styles.timeline} aria-label="Timeline">
            {entriesOf(timeline).map((entry) => {
              if (entry.type === "event") {
                const { event } = entry;
                return (
                  <li key={`event-${entry.index}`} className={`${styles.entry} ${styles.entryEvent}`}>
                    <span className={styles.offset}>{formatOffset(event.offsetMs)}</span>
                    <span>
                      <span className={styles.what}>Event “{event.event}”</span>
                      {Object.keys(event.properties).length > 0 && (
                        <span className={styles.detail}> {JSON.stringify(event.properties)}</span>
                      )}
                    </span>
                  </li>
                );
              }
              const { step } = entry;
              const why = describeStep(step);
              const sent = step.outcome === "sent" ? emailsByNode.get(step.nodeId) : undefined;
              const call = step.kind === "webhook" ? webhooksByNode.get(step.nodeId) : undefined;
              return (
                <li key={step.seq} className={styles.entry} data-node-id={step.nodeId}>
                  <span className={styles.offset}>{formatOffset(step.offsetMs)}</span>
                  <span>
                    <span className={styles.what}>
                      {nameOf(step.nodeId)} — {step.outcome}
                    </span>
                    {why && <div className={styles.detail}>{why}</div>}
                    {sent && (
                      <details>
                        <summary>
                          “{sent.subject}” to {sent.to}
                        </summary>
                        <iframe
                          title={`Email ${sent.subject}`}
                          className={styles.preview}
                          sandbox=""
                          srcDoc={sent.html}
                        />
                      </details>
                    )}
                    {call && (
                      <div className={`${styles.detail} ${jc.mono}`}>
                        {call.method} {call.url}
                        {call.body ? ` ${call.body}` : ""}
                      </div>
                    )}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
