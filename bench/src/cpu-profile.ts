// `--cpu-prof <file>`: a V8 CPU profile of this process over the measured part of a bench only
// (node's own --cpu-prof covers the whole run: seeding, warm-up and baselines too), written as a
// .cpuprofile for Chrome DevTools, plus a short account of where the samples fell (by package
// and by function, self time), so a run says where the CPU went without opening a viewer.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
}

export interface CpuProfiler {
  /** Samples only between resume() and pause(). */
  resume(): Promise<void>;
  pause(): Promise<void>;
  /** Writes the profile and returns the account's lines. */
  finish(): Promise<string[]>;
}

/** Where a frame's code lives: a workspace package, a dependency, Node itself or V8. */
function placeOf(url: string): string {
  if (url === "") return "(V8 / native)";
  if (url.startsWith("node:")) return url;
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1] as string;
  const own = /\/(packages|temporal|bench|apps)\/([^/]+)\/src\/(.+)$/.exec(url);
  return own ? `${own[1]}/${own[2]}/${own[3]}` : url;
}

function top(counts: Map<string, number>, total: number, limit: number): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, n]) => `${((n / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
}

export async function startCpuProfiler(file: string): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  const hits = new Map<string, number>();
  const places = new Map<string, number>();
  let samples = 0;
  const profiles: Profile[] = [];
  return {
    resume: () => session.post("Profiler.start"),
    async pause() {
      const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
      profiles.push(profile);
    },
    async finish() {
      for (const profile of profiles) {
        const byId = new Map(profile.nodes.map((node) => [node.id, node]));
        for (const id of profile.samples ?? []) {
          const node = byId.get(id);
          if (!node) continue;
          const { functionName, url, lineNumber } = node.callFrame;
          const place = placeOf(url);
          const name = `${functionName || "(anonymous)"} ${place}:${lineNumber + 1}`;
          hits.set(name, (hits.get(name) ?? 0) + 1);
          places.set(place, (places.get(place) ?? 0) + 1);
          samples++;
        }
      }
      // The last part's profile is written whole (DevTools opens one profile per file).
      const last = profiles.at(-1);
      if (last) writeFileSync(file, JSON.stringify(last));
      session.disconnect();
      return [
        `CPU profile of the measured full-path rounds: ${samples} samples (200 µs), last round written to ${file}`,
        "self time by place:",
        ...top(places, samples, 25),
        "self time by function:",
        ...top(hits, samples, 40),
      ];
    },
  };
}
