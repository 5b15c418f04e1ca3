// docker-compose.yml is checked here because Docker does not run on the development
// machines: it must be valid against the Compose specification's JSON schema and describe the topology of
// `npm run start:cluster`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools";

interface ComposeService {
  image?: string;
  profiles?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
  environment?: Record<string, unknown>;
}

// Vendored with its licence and source (compose-spec/SOURCE.md): no network at test time.
// It names draft-07 by its https address, which Ajv (whose default draft is 07) knows by
// the http one, so the declaration is dropped rather than fetched.
const { $schema: _draft07, ...schema } = JSON.parse(
  readFileSync(new URL("./compose-spec/compose-spec.json", import.meta.url), "utf8"),
) as Record<string, unknown>;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const compose = yaml.load(readFileSync(path.join(REPO_ROOT, "docker-compose.yml"), "utf8")) as {
  services: Record<string, ComposeService>;
};

describe("docker-compose.yml", () => {
  it("is valid against the Compose specification", () => {
    const isValid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(isValid).toBe(true);
  });

  it("is refused by the same check when a field is wrong (the check can fail)", () => {
    const broken = structuredClone(compose);
    // A typo Compose itself would refuse: `replica` instead of deploy.replicas.
    (broken.services.worker as Record<string, unknown>).replica = 2;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ params: { additionalProperty: "replica" } });
  });

  it("describes the cluster topology: Postgres, Temporal, 2 workers, 2 dispatchers, 2 web ports", () => {
    const { services } = compose;
    expect(services.postgres?.image).toMatch(/^postgres:/);
    expect(services.temporal?.image).toMatch(/^temporalio\//);
    expect(services.worker?.deploy?.replicas).toBe(2);
    expect(services.dispatcher?.deploy?.replicas).toBe(2);
    expect(services["web-1"]?.ports).toEqual(["3000:3000"]);
    expect(services["web-2"]?.ports).toEqual(["3001:3000"]);
    for (const name of ["worker", "dispatcher", "web-1", "web-2"]) {
      expect(services[name]?.profiles).toEqual(["cluster"]);
      expect(services[name]?.environment?.TEMPORAL_ADDRESS).toBe("temporal:7233");
    }
  });
});
