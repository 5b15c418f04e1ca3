"use client";
// Inspector form for a webhook: method, URL, header rows and a Liquid body.
import { useId } from "react";
import { WEBHOOK_METHODS } from "@mailstream/journey/schema";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";

type WebhookData = NodeDataOf<"webhook">;
import jc from "@/components/canvas/journey-editor.module.css";

interface WebhookFormProps {
  data: WebhookData;
  onChange: (data: WebhookData) => void;
}

export function WebhookForm({ data, onChange }: WebhookFormProps) {
  const id = useId();
  const setHeaders = (headers: WebhookData["headers"]) => onChange({ ...data, headers });
  return (
    <div className={jc.form}>
      <div className={jc.fieldRow}>
        <div className={`${jc.field} ${jc.fieldNarrow}`}>
          <label htmlFor={`${id}-method`}>Method</label>
          <select
            id={`${id}-method`}
            className={`nodrag ${jc.input}`}
            value={data.method}
            onChange={(e) => onChange({ ...data, method: e.target.value as WebhookData["method"] })}
          >
            {WEBHOOK_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className={jc.field}>
          <label htmlFor={`${id}-url`}>URL</label>
          <input
            id={`${id}-url`}
            className={`nodrag ${jc.input}`}
            type="url"
            value={data.url}
            placeholder="https://example.test/hooks/cart"
            spellCheck={false}
            onChange={(e) => onChange({ ...data, url: e.target.value })}
          />
        </div>
      </div>
      <fieldset className={jc.fieldset}>
        <legend>Headers</legend>
        {data.headers.map((header, index) => (
          <div key={`${index}:${data.headers.length}`} className={jc.pair}>
            <input
              aria-label={`Header ${index + 1} name`}
              className={`nodrag ${jc.input}`}
              value={header.name}
              placeholder="Authorization"
              spellCheck={false}
              onChange={(e) =>
                setHeaders(data.headers.map((h, i) => (i === index ? { ...h, name: e.target.value } : h)))
              }
            />
            <input
              aria-label={`Header ${index + 1} value`}
              className={`nodrag ${jc.input}`}
              value={header.value}
              spellCheck={false}
              onChange={(e) =>
                setHeaders(data.headers.map((h, i) => (i === index ? { ...h, value: e.target.value } : h)))
              }
            />
            <button
              type="button"
              className={`nodrag ${jc.iconButton}`}
              aria-label={`Remove header ${index + 1}`}
              onClick={() => setHeaders(data.headers.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
          onClick={() => setHeaders([...data.headers, { name: "", value: "" }])}
        >
          + Add header
        </button>
      </fieldset>
      <div className={jc.field}>
        <label htmlFor={`${id}-body`}>Body</label>
        <textarea
          id={`${id}-body`}
          className={`nodrag ${jc.input} ${jc.textarea} ${jc.mono}`}
          rows={6}
          value={data.body}
          disabled={data.method === "GET"}
          placeholder={'{ "email": "{{ contact.email }}", "cart": "{{ event.properties.cart_id }}" }'}
          spellCheck={false}
          onChange={(e) => onChange({ ...data, body: e.target.value })}
        />
        <p className={jc.help}>
          Liquid: <code>{"{{ contact.* }}"}</code>, <code>{"{{ event.* }}"}</code>, <code>{"{{ journey.* }}"}</code>.
          Failed calls are retried with back-off; the response status is recorded on the run.
        </p>
      </div>
    </div>
  );
}
