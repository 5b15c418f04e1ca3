// Naming the dependency that is down, from the errors the pg driver and the Temporal client throw.
import { createDb } from "@mailstream/db/client";
import { findFreePort } from "@mailstream/testing/ports";
import { describe, expect, it } from "vitest";
import { isUnavailableError, unavailableDependency } from "./is-unavailable";

describe("unavailableDependency", () => {
  it("names Postgres for a refused database connection", async () => {
    const { db, pool } = createDb(`postgres://nobody:nothing@127.0.0.1:${await findFreePort()}/none`, { max: 1 });
    const error = await db.execute("select 1").catch((e: unknown) => e);
    await pool.end();
    expect(isUnavailableError(error)).toBe(true);
    expect(unavailableDependency(error)).toBe("Postgres");
  });

  it("names Temporal for the client's channel errors, and nothing for a bug", () => {
    const grpc = Object.assign(new Error("14 UNAVAILABLE: No connection established"), { code: 14 });
    const temporal = Object.assign(new Error("Failed to start workflow", { cause: grpc }), { name: "ServiceError" });
    expect(unavailableDependency(temporal)).toBe("Temporal");
    expect(unavailableDependency(new TypeError("x is undefined"))).toBeNull();
  });
});
