// Next's ambient types, so `tsc` works on a fresh clone before `next build` writes next-env.d.ts
// (which is generated, and ignored by git).
/// <reference types="next" />
/// <reference types="next/image-types/global" />
