"use client";
// The profile's computed traits: values the dispatcher keeps current from the contact's
// events (definitions live on /contacts/computed-traits).
import Link from "next/link";
import { Card, CardNote } from "@/components/ui/card";
import { sortedTraits, TraitValuesTable } from "./trait-values-table";

export function ComputedTraitsCard({ values }: { values: Record<string, unknown> }) {
  const entries = sortedTraits(values);
  return (
    <Card
      title="Computed traits"
      testId="contact-computed-traits"
      action={
        <Link href="/contacts/computed-traits" className="btn btn-sm">
          Define
        </Link>
      }
    >
      {entries.length === 0 ? (
        <CardNote>No computed trait has a value for this contact yet.</CardNote>
      ) : (
        <TraitValuesTable entries={entries} rowTestId="computed-trait-row" />
      )}
    </Card>
  );
}
