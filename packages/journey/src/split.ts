// A/B/n split assignment: a stable hash of (contact, node) picks a bucket in [0, 100), so
// the same contact always lands in the same variant of the same split node, across runs,
// retries and replays. Pure (no crypto, no I/O) so the workflow and the UI can both use it.

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // FNV's low bits mix poorly for short, similar keys (uuids differing in one char); one
  // murmur3 finaliser round spreads them so buckets are even.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Stable bucket in [0, 100) with 0.01 resolution for a contact at a split node. */
export function splitBucket(contactId: string, nodeId: string): number {
  return (fnv1a32(`${contactId}\u0000${nodeId}`) % 10_000) / 100;
}

export type SplitAssignment = { holdout: true; bucket: number } | { holdout: false; bucket: number; variantId: string };

/**
 * The hold-out takes the first `holdoutPercent` of buckets; the rest is shared by the
 * variants in proportion to their weights (which validation makes sum to 100).
 */
export function assignSplit(
  contactId: string,
  nodeId: string,
  variants: readonly { id: string; weight: number }[],
  holdoutPercent: number,
): SplitAssignment {
  const bucket = splitBucket(contactId, nodeId);
  if (bucket < holdoutPercent) return { holdout: true, bucket };
  if (variants.length === 0) throw new Error(`Split "${nodeId}" has no variants`);
  const totalWeight = variants.reduce((sum, variant) => sum + variant.weight, 0);
  // Position inside the non-hold-out range, scaled to the weights' total.
  const position = ((bucket - holdoutPercent) / (100 - holdoutPercent)) * totalWeight;
  let upper = 0;
  for (const variant of variants) {
    upper += variant.weight;
    if (position < upper) return { holdout: false, bucket, variantId: variant.id };
  }
  return { holdout: false, bucket, variantId: (variants[variants.length - 1] as { id: string }).id };
}
