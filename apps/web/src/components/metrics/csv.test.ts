import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes separators, quotes and line breaks, and defuses formulas", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          ["line\nbreak", 3],
          ["=SUM(A1)", null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n\'=SUM(A1),\r\n');
  });
  it("keeps negative numbers as numbers", () => {
    expect(toCsv(["n"], [[-1]])).toBe("n\r\n-1\r\n");
  });
});
