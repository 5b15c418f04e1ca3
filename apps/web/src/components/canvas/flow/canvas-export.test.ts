import { describe, expect, it } from "vitest";
import { imageFileName } from "./canvas-export";

describe("imageFileName", () => {
  it("names the picture after the journey, safe for any file system", () => {
    expect(imageFileName("Trial nurture", "png")).toBe("trial-nurture.png");
    expect(imageFileName("  ../../etc/passwd  ", "svg")).toBe("etc-passwd.svg");
    expect(imageFileName("🛒 Cart — día 2", "png")).toBe("cart-d-a-2.png");
    expect(imageFileName("***", "png")).toBe("journey.png");
  });
});
