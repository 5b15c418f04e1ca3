// HTTP(S) through the guard. Redirects are followed by hand (at most 3), each hop's host checked
// again before connecting; a hop to another origin loses the credentials headers and a 303 (or
// a 301/302 after a POST) becomes a body-less GET, as browsers and fetch do. One deadline covers
// the whole chain, and the body is read only up to a cap, so a hostile server can neither hold a
// worker nor fill its memory.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { OutboundError } from "./errors";
import { pinnedLookup, type CheckedAddress } from "./pinned-lookup";

export type OutboundRequestInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | undefined;
  /** For the whole redirect chain; default 10 s. */
  timeoutMs?: number;
  /** Default 1 MiB; a longer response is an error. */
  maxResponseBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
  /** false: answer as soon as the status arrives and drop the body (a webhook needs only the status). */
  readBody?: boolean;
};

export type OutboundResponse = {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export function createRequester(check: (host: string) => Promise<CheckedAddress>) {
  return async function request(url: string, init: OutboundRequestInit = {}): Promise<OutboundResponse> {
    const deadline = Date.now() + (init.timeoutMs ?? 10_000);
    const maxRedirects = init.maxRedirects ?? 3;
    let target = parseTarget(url);
    let method = (init.method ?? "GET").toUpperCase();
    let body = init.body;
    let headers = { ...init.headers };
    for (let hop = 0; ; hop += 1) {
      const checked = await check(target.hostname);
      const response = await send(target, checked, { method, headers, body }, deadline, {
        maxBytes: init.maxResponseBytes ?? 1024 * 1024,
        readBody: init.readBody ?? true,
      });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location) return response;
      if (hop === maxRedirects) {
        throw new OutboundError(`${url} redirected more than ${maxRedirects} times (last to ${location})`, true);
      }
      const next = parseTarget(location, target);
      if (next.origin !== target.origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())),
        );
      }
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        if (method !== "HEAD") method = "GET";
        body = undefined;
      }
      target = next;
    }
  };
}

function parseTarget(url: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    throw new OutboundError(`"${url}" is not a valid URL`, true);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new OutboundError(`"${url}" is not an http or https URL`, true);
  }
  return parsed;
}

function send(
  target: URL,
  checked: CheckedAddress,
  init: { method: string; headers: Record<string, string>; body: string | Buffer | undefined },
  deadline: number,
  reading: { maxBytes: number; readBody: boolean },
): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new OutboundError(`${target.origin} timed out`, false));
    const requestFn = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = requestFn(
      {
        protocol: target.protocol,
        hostname: checked.host,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: init.method,
        headers: {
          ...init.headers,
          host: target.host,
          ...(init.body !== undefined ? { "content-length": String(Buffer.byteLength(init.body)) } : {}),
        },
        // The connection goes to the checked address; SNI and the certificate check use the name.
        lookup: pinnedLookup(checked),
        ...(isIP(checked.host) === 0 ? { servername: checked.host } : {}),
        agent: false,
      },
      (res) => {
        // A redirect's body is never read, nor one the caller does not want.
        if (!reading.readBody || (REDIRECTS.has(res.statusCode ?? 0) && res.headers.location)) {
          res.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), url: target.href });
          return;
        }
        void collect(res, target, reading.maxBytes).then(resolve, reject);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new OutboundError(`${target.origin} did not answer within the time limit`, false)),
      remaining,
    );
    req.once("close", () => clearTimeout(timer));
    req.once("error", (error) =>
      reject(
        error instanceof OutboundError
          ? error
          : new OutboundError(`${target.origin}: ${error.message}`, false, { cause: error }),
      ),
    );
    req.end(init.body);
  });
}

function collect(res: IncomingMessage, target: URL, maxBytes: number): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new OutboundError(`${target.origin} answered more than ${maxBytes} bytes`, true));
        return;
      }
      chunks.push(chunk);
    });
    res.once("end", () =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: target.href }),
    );
    res.once("error", (error) =>
      reject(new OutboundError(`${target.origin}: ${error.message}`, false, { cause: error })),
    );
  });
}
