"use client";
// A text box that offers what the workspace's data has shown while the person types: event
// names, property paths, trait names, seen values (the catalogue, `events.suggest`). An ARIA
// combobox (list autocomplete): arrows move through the list, Enter or a click picks, Escape
// closes it; free text stays allowed, so a name not seen yet can still be typed.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState, type InputHTMLAttributes } from "react";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { useTRPC } from "@/trpc/client";
import styles from "./suggest-input.module.css";

/** Where suggestions come from: the catalogue's kind, narrowed to an event or a path where that applies. */
export type SuggestSource =
  | { kind: "event" }
  | { kind: "trait" }
  | { kind: "event_path"; event?: string | null }
  | { kind: "event_value"; event?: string | null; path: string }
  | { kind: "trait_value"; path: string };

interface SuggestInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "value" | "onChange" | "role" | "list"
> {
  value: string;
  onChange: (value: string) => void;
  /** null = a plain text box (e.g. a value for an operator that compares numbers). */
  source: SuggestSource | null;
}

export function SuggestInput({ value, onChange, source, onKeyDown, onBlur, ...inputProps }: SuggestInputProps) {
  const trpc = useTRPC();
  const listId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const text = useDebouncedValue(value, 120);
  const query = useQuery({
    ...trpc.events.suggest.queryOptions({
      kind: source?.kind ?? "event",
      text: text.slice(0, 200),
      event: source && "event" in source ? (source.event ?? null) : null,
      path: source && "path" in source ? source.path : null,
    }),
    enabled: isOpen && source !== null,
    placeholderData: keepPreviousData,
    // Short: events tracked a moment ago reach the catalogue within seconds.
    staleTime: 5_000,
  });
  const options = source === null ? [] : (query.data ?? []);
  // Nothing to offer once the box holds exactly the one suggestion.
  const isShown = isOpen && options.length > 0 && !(options.length === 1 && options[0] === value);

  const pick = (option: string) => {
    onChange(option);
    setIsOpen(false);
    setActive(-1);
  };

  return (
    <div className={styles.wrap}>
      <input
        {...inputProps}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isShown}
        aria-controls={listId}
        aria-activedescendant={isShown && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setIsOpen(true);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            if (!isShown) {
              setIsOpen(true);
              return;
            }
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive((i) => (i + step + options.length) % options.length);
          } else if (e.key === "Enter" && isShown && active >= 0) {
            e.preventDefault();
            pick(options[active] as string);
          } else if (e.key === "Escape" && isShown) {
            // Close the list only; a second Escape reaches whatever listens around the box.
            e.stopPropagation();
            setIsOpen(false);
          }
          onKeyDown?.(e);
        }}
        onBlur={(e) => {
          setIsOpen(false);
          onBlur?.(e);
        }}
      />
      {isShown && (
        <ul id={listId} role="listbox" className={`nodrag nowheel ${styles.list}`} aria-label="Suggestions">
          {options.map((option, i) => (
            <li
              key={option}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={styles.option}
              // Before the box's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(option);
              }}
            >
              {option}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
