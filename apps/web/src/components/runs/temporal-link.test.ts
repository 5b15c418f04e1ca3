import { describe, expect, it } from "vitest";
import { temporalWorkflowUrl } from "./temporal-link";

describe("temporalWorkflowUrl", () => {
  it("lists the run's workflow id in its namespace, escaped", () => {
    expect(temporalWorkflowUrl({ url: "http://localhost:8233/", namespace: "default" }, "journey:j:c:e1")).toBe(
      "http://localhost:8233/namespaces/default/workflows?query=WorkflowId%3D%22journey%3Aj%3Ac%3Ae1%22",
    );
    const url = new URL(temporalWorkflowUrl({ url: "https://t.example/ui", namespace: "prod eu" }, 'a"b'));
    expect(url.pathname).toBe("/ui/namespaces/prod%20eu/workflows");
    expect(url.searchParams.get("query")).toBe('WorkflowId="a\\"b"');
  });
});
