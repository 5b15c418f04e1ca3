// Rates shown beside counts: every email rate divides by unique sends (what a recipient
// did at least once), except click-to-open which divides by unique opens.
import type { EmailCountsView as EmailCounts } from "./metrics-types";

export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

export function formatRate(value: number | null, digits = 1): string {
  return value === null ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function emailRates(c: EmailCounts) {
  return {
    delivered: ratio(c.delivered, c.sent),
    opened: ratio(c.opened_unique, c.sent),
    clicked: ratio(c.clicked_unique, c.sent),
    clickToOpen: ratio(c.clicked_unique, c.opened_unique),
    bounced: ratio(c.bounced_unique, c.sent),
    complained: ratio(c.complained_unique, c.sent),
    unsubscribed: ratio(c.unsubscribed_unique, c.sent),
    converted: ratio(c.converted, c.sent),
  };
}
