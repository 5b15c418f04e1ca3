// What the eye checks on the seeded Abandoned cart canvas at 1440×900 (issue 16): no edge runs
// behind a step it does not connect, the minimap covers no step after fitting the view, the
// branch inspector's fields show their whole text; and the favicon is served to anyone.
import type { Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";

test.use({ viewport: { width: 1440, height: 900 } });

async function openSeededAbandonedCart(page: Page): Promise<void> {
  await page.goto("/journeys");
  const href = await page.getByRole("link", { name: "Abandoned cart", exact: true }).first().getAttribute("href");
  const journeyId = href?.match(/[0-9a-f-]{36}/)?.[0];
  if (!journeyId) throw new Error(`no journey id in the Abandoned cart link (${href})`);
  await page.goto(`/journeys/${journeyId}/edit`);
  await expect(page.locator(".react-flow__node")).not.toHaveCount(0);
  await expect(page.locator(".react-flow__edge-path").first()).toBeAttached();
}

test("seeded canvas: edges clear of other steps, minimap clear of every step", async ({ page }) => {
  await openSeededAbandonedCart(page);
  // Let fit-view settle (it animates) before measuring.
  await expect(async () => {
    const before = await page.locator(".react-flow__viewport").getAttribute("style");
    await page.waitForTimeout(300);
    expect(await page.locator(".react-flow__viewport").getAttribute("style")).toBe(before);
  }).toPass();

  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const nodes = Array.from(document.querySelectorAll<HTMLElement>(".react-flow__node")).map((el) => ({
      id: el.dataset.id ?? "",
      rect: el.getBoundingClientRect(),
    }));
    const inside = (x: number, y: number, r: DOMRect, inset: number) =>
      x > r.left + inset && x < r.right - inset && y > r.top + inset && y < r.bottom - inset;
    for (const edge of Array.from(document.querySelectorAll<SVGGElement>(".react-flow__edge"))) {
      const [, source, target] = edge.getAttribute("aria-label")?.match(/^Edge from (\S+) to (\S+)$/) ?? [];
      const path = edge.querySelector(".react-flow__edge-path") as SVGPathElement | null;
      const ctm = path?.getScreenCTM();
      if (!path || !ctm) continue;
      const length = path.getTotalLength();
      for (let at = 0; at <= length; at += 4) {
        const point = path.getPointAtLength(at).matrixTransform(ctm);
        const hit = nodes.find(
          (node) => node.id !== source && node.id !== target && inside(point.x, point.y, node.rect, 2),
        );
        if (hit) {
          found.push(`edge ${source} → ${target} runs behind ${hit.id}`);
          break;
        }
      }
    }
    const minimap = document.querySelector(".react-flow__minimap")?.getBoundingClientRect();
    if (minimap) {
      for (const node of nodes) {
        const r = node.rect;
        const overlaps =
          r.left < minimap.right && r.right > minimap.left && r.top < minimap.bottom && r.bottom > minimap.top;
        if (overlaps) found.push(`the minimap covers ${node.id}`);
      }
    }
    return found;
  });
  expect(problems).toEqual([]);
});

test("the branch inspector shows each field's whole text; the favicon is public", async ({
  page,
  playwright,
  baseURL,
}) => {
  await openSeededAbandonedCart(page);
  await page.locator(".react-flow__node-branch").first().click();
  const inspector = page.getByRole("region", { name: "Branch settings" });
  await expect(inspector.locator("select").first()).toBeVisible();
  const cut = await inspector.locator("select, input[type=text]").evaluateAll((fields) => {
    const context = document.createElement("canvas").getContext("2d");
    if (!context) return ["no 2d context"];
    return fields.flatMap((field) => {
      const element = field as HTMLSelectElement | HTMLInputElement;
      const text = element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.text ?? "") : element.value;
      const style = getComputedStyle(element);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return context.measureText(text).width > room ? [`"${text}" is cut (${Math.round(room)} px of room)`] : [];
    });
  });
  expect(cut).toEqual([]);

  const anonymous = await playwright.request.newContext({ baseURL: baseURL ?? "" });
  const favicon = await anonymous.get("/favicon.ico", { maxRedirects: 0 });
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/^image\//);
  await anonymous.dispose();
});
