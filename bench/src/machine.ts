// The machine a figure came from, printed with every result (figures mean nothing without it).
import os from "node:os";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  loadAverage: number[];
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown CPU",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

export function formatMachine(info: MachineInfo): string {
  return `${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB RAM, ${info.os}, Node ${info.node} (load average at start ${info.loadAverage.join(" / ")})`;
}
