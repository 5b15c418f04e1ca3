// The contact profile's "Best send time": the hour a best-time wait or broadcast would pick for
// this contact, where it came from, and the 24-hour histogram of their opens and clicks.
import type { Db } from "@mailstream/db/client";
import { findConditionContact } from "@mailstream/db/queries/conditions";
import { isValidTimeZone, nextTimeOfDay } from "@mailstream/journey/time-of-day";
import { AppError, AppErrorCode } from "../errors/app-error";
import { MIN_CONTACT_ENGAGEMENTS } from "./best-hour";
import { findContactSendHour, type SendHourSource } from "./contact-best-hour";

export interface ContactSendTime {
  /** The zone the hour is read in (the contact's, else UTC). */
  timeZone: string;
  /** 0–23 in `timeZone`; null when neither the contact nor the workspace has enough history. */
  hour: number | null;
  source: SendHourSource;
  /** The next start of that hour, so a viewer in another zone can read it in theirs. */
  nextAt: string | null;
  opens: number;
  clicks: number;
  /** The contact's opens and clicks per local hour (0–23). */
  histogram: number[];
  minEngagements: number;
}

export async function readContactSendTime(
  db: Db,
  workspaceId: string,
  contactId: string,
  now = Date.now(),
): Promise<ContactSendTime> {
  const contact = await findConditionContact(db, contactId);
  if (!contact || contact.workspaceId !== workspaceId) {
    throw new AppError(AppErrorCode.NOT_FOUND, `Contact ${contactId} does not exist in this workspace.`);
  }
  const timeZone =
    [contact.timezone, contact.traits.timezone].find(
      (zone): zone is string => typeof zone === "string" && isValidTimeZone(zone),
    ) ?? "UTC";
  const sendHour = await findContactSendHour(db, { workspaceId, contactId, now });
  const nextAt =
    sendHour.hour === null
      ? null
      : new Date(nextTimeOfDay(now, `${String(sendHour.hour).padStart(2, "0")}:00`, [], timeZone)).toISOString();
  return {
    timeZone,
    hour: sendHour.hour,
    source: sendHour.source,
    nextAt,
    opens: sendHour.contact.opens,
    clicks: sendHour.contact.clicks,
    histogram: sendHour.contact.histogram,
    minEngagements: MIN_CONTACT_ENGAGEMENTS,
  };
}
