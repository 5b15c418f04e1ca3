// The bootstrap's archive readers (scripts/lib/archive.mjs) against archives made by
// the standard tools, including a zip64 entry as large wheels use.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript module without type declarations
import { extractTarGzEntry, extractZipEntry } from "../../../scripts/lib/archive.mjs";

const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-archive-test-"));
const extractZip = extractZipEntry as (zip: Buffer, matches: (name: string) => boolean) => Buffer | null;
const extractTarGz = extractTarGzEntry as (tarGz: Buffer, matches: (name: string) => boolean) => Buffer | null;

describe("bootstrap archive readers", () => {
  it("pulls one deflated or stored entry, also zip64, out of a wheel-like zip", () => {
    const zip = path.join(dir, "tool.whl");
    const script = [
      "import sys, zipfile",
      "with zipfile.ZipFile(sys.argv[1], 'w') as z:",
      "  z.writestr('tool-1.0.dist-info/METADATA', 'Name: tool', compress_type=zipfile.ZIP_DEFLATED)",
      "  with z.open(zipfile.ZipInfo('tool-1.0.data/scripts/temporal'), 'w', force_zip64=True) as f: f.write(b'#!binary' * 5000)",
      "  z.writestr('stored.txt', 'plain', compress_type=zipfile.ZIP_STORED)",
    ].join("\n");
    execFileSync("python3", ["-c", script, zip]);
    const bytes = readFileSync(zip);
    expect(extractZip(bytes, (name) => /\.data\/scripts\/temporal$/.test(name))?.toString()).toBe(
      "#!binary".repeat(5000),
    );
    expect(extractZip(bytes, (name) => name === "stored.txt")?.toString()).toBe("plain");
    expect(extractZip(bytes, (name) => name === "absent")).toBeNull();
  });

  it("pulls one file out of a .tar.gz, also past a long (pax) path", () => {
    const root = path.join(dir, "tar");
    const deep = path.join(root, "x".repeat(120));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, "LICENSE"), "license");
    writeFileSync(path.join(deep, "temporal"), "binary");
    const archive = path.join(dir, "cli.tar.gz");
    execFileSync("tar", ["--format=pax", "-czf", archive, "-C", root, "."]);
    const bytes = readFileSync(archive);
    expect(extractTarGz(bytes, (name) => path.basename(name) === "temporal")?.toString()).toBe("binary");
    expect(extractTarGz(bytes, (name) => path.basename(name) === "absent")).toBeNull();
  });
});
