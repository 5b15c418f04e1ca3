// One labelled form field, written once: the label, the control, an optional hint line.
// `TextField` is the common case (a text input whose change hands back the new string), so
// an editor's form lists its fields instead of repeating the label/input/hint markup.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

export function FormField(props: {
  label: ReactNode;
  htmlFor?: string;
  hint?: ReactNode;
  /** Classes beside `field` on the wrapper (a grid or row placement). */
  fieldClass?: string;
  children: ReactNode;
}) {
  return (
    <div className={props.fieldClass ? `field ${props.fieldClass}` : "field"}>
      <label htmlFor={props.htmlFor}>{props.label}</label>
      {props.children}
      {props.hint ? <span className="hint">{props.hint}</span> : null}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value" | "className"> & {
  id: string;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  hint?: ReactNode;
  /** Monospaced, for keys and property paths. */
  mono?: boolean;
  fieldClass?: string;
};

export function TextField({ label, hint, onValue, mono, fieldClass, ...input }: TextFieldProps) {
  return (
    <FormField label={label} htmlFor={input.id} hint={hint} fieldClass={fieldClass}>
      <input {...input} className={mono ? "input mono" : "input"} onChange={(e) => onValue(e.target.value)} />
    </FormField>
  );
}

/** A select's options when each value is its own label. */
export function Options({ values }: { values: readonly string[] }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {value}
    </option>
  ));
}

type InlineInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value" | "className"> & {
  /** The accessible name: these inputs sit in a filter row or a one-line form, with no label of their own. */
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** Classes beside `input` (a width). */
  inputClass?: string;
};

/** A text input named by aria-label, for filter rows and one-line forms. */
export function InlineInput({ label, onValue, inputClass, ...input }: InlineInputProps) {
  return (
    <input
      {...input}
      aria-label={label}
      className={inputClass ? `input ${inputClass}` : "input"}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

type InlineSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value" | "className"> & {
  /** The accessible name, as for InlineInput. */
  label: string;
  value: string;
  onValue: (value: string) => void;
};

/** A select named by aria-label, beside InlineInput in filter rows and one-line forms. */
export function InlineSelect({ label, onValue, ...select }: InlineSelectProps) {
  return <select {...select} aria-label={label} className="input" onChange={(e) => onValue(e.target.value)} />;
}

/** A one-line form: its inputs, then the submit button; submitting never reloads the page. */
export function InlineForm(props: {
  onSubmit: () => void;
  submit: ReactNode;
  /** The button's classes; a primary button unless given. */
  submitClass?: string;
  disabled?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <form
      className="row"
      data-testid={props.testId}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      <button type="submit" className={props.submitClass ?? "btn btn-primary"} disabled={props.disabled}>
        {props.submit}
      </button>
    </form>
  );
}
