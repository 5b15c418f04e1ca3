"use client";
// Picks a real contact for a test run: a combobox (WAI-ARIA 1.2 pattern) searching the
// workspace's contacts by email, name or external id through `contacts.list`, a page at a time.
// Arrow keys move through the list, Enter picks, Escape closes; the last option loads more.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState, type KeyboardEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import jc from "@/components/canvas/journey-editor.module.css";
import styles from "./contact-picker.module.css";

const PAGE = 20;

export interface PickedContact {
  id: string;
  label: string;
}

interface Option {
  id: string;
  email: string | null;
  userId: string | null;
  name: string | null;
}

function labelOf(option: Option): string {
  return option.email ?? option.userId ?? option.id;
}

export function ContactPicker({
  value,
  onChange,
}: {
  value: PickedContact | null;
  onChange: (contact: PickedContact | null) => void;
}) {
  const id = useId();
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [isOpen, setIsOpen] = useState(false);
  const [active, setActive] = useState(0);
  const debounced = useDebouncedValue(search.trim(), 250);
  const list = useInfiniteQuery({
    ...trpc.contacts.list.infiniteQueryOptions(
      { search: debounced || null, limit: PAGE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    enabled: isOpen,
  });
  // Until the typed search is the one asked, the list shows nothing: Enter or an arrow key must
  // never pick from the results of an earlier search.
  const isStale = search.trim() !== debounced;
  const pages = isStale ? [] : (list.data?.pages ?? []);
  const options: Option[] = pages
    .flatMap((page) => page.data)
    .map((contact) => ({
      id: contact.id,
      email: contact.email,
      userId: contact.userId,
      name: typeof contact.traits.name === "string" ? contact.traits.name : null,
    }));
  // One more row that loads the next page, reachable by keyboard like the others.
  const hasMore = !isStale && list.hasNextPage;
  const count = options.length + (hasMore ? 1 : 0);
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;

  function choose(index: number) {
    const option = options[index];
    if (option) {
      onChange({ id: option.id, label: labelOf(option) });
      setIsOpen(false);
      setSearch("");
    } else if (hasMore) {
      void list.fetchNextPage();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!isOpen) {
        setIsOpen(true);
        return;
      }
      if (count === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current + step + count) % count);
    } else if (event.key === "Enter" && isOpen) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      setIsOpen(false);
    }
  }

  if (value) {
    return (
      <div className={styles.picked} data-testid="picked-contact">
        <span className={styles.pickedLabel}>{value.label}</span>
        <button
          type="button"
          className={`${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
          onClick={() => onChange(null)}
        >
          Change
        </button>
      </div>
    );
  }

  return (
    <div className={styles.picker}>
      <label className={jc.field} htmlFor={`${id}-input`}>
        Contact
        <input
          id={`${id}-input`}
          className={jc.input}
          role="combobox"
          aria-expanded={isOpen}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={isOpen && count > 0 ? optionId(active) : undefined}
          placeholder="Search email, name or external id"
          autoComplete="off"
          maxLength={200}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setActive(0);
            setIsOpen(true);
          }}
          onFocus={() => setIsOpen(true)}
          onBlur={() => setIsOpen(false)}
          onKeyDown={onKeyDown}
        />
      </label>
      {isOpen ? (
        <ul id={listId} role="listbox" aria-label="Contacts" className={styles.list}>
          {options.map((option, index) => (
            <li
              key={option.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={styles.option}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(index);
              }}
              onMouseEnter={() => setActive(index)}
            >
              <span>{labelOf(option)}</span>
              <span className={styles.optionDetail}>
                {[option.name, option.email ? option.userId : null].filter(Boolean).join(" · ")}
              </span>
            </li>
          ))}
          {hasMore ? (
            <li
              id={optionId(options.length)}
              role="option"
              aria-selected={active === options.length}
              className={`${styles.option} ${styles.more}`}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(options.length);
              }}
            >
              {list.isFetchingNextPage ? "Loading…" : "Show more"}
            </li>
          ) : null}
          {options.length === 0 ? (
            <li className={styles.empty} role="presentation">
              {isStale || list.isPending ? "Searching…" : list.isError ? list.error.message : "No contact matches"}
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
