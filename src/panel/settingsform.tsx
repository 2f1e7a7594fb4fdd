import * as React from 'react';

/**
 * One choice of a list setting: its stored value and the title people read.
 */
export interface IChoice {
  value: string;
  title: string;
}

/**
 * What the Settings Editor gives a custom field (the part of rjsf's
 * FieldProps these fields read).
 */
export interface ISettingFieldProps {
  formData?: unknown;
  schema: { title?: string; items?: unknown };
  idSchema: { $id: string };
  disabled?: boolean;
  readonly?: boolean;
  onChange: (value: unknown) => void;
}

/**
 * The choices of an array setting whose items are `oneOf` constants with
 * titles (schema/plugin.json), in schema order; a missing title falls back to
 * the value.
 */
export function choicesOf(items: unknown): IChoice[] {
  const oneOf =
    items && typeof items === 'object' && 'oneOf' in items
      ? (items as { oneOf: unknown }).oneOf
      : null;
  if (!Array.isArray(oneOf)) {
    return [];
  }
  const choices: IChoice[] = [];
  for (const option of oneOf) {
    const { const: value, title } = (option ?? {}) as Record<string, unknown>;
    if (typeof value === 'string') {
      choices.push({ value, title: typeof title === 'string' ? title : value });
    }
  }
  return choices;
}

/**
 * The codes typed in one line ("PF001, PF dataframe-row-loop"), each once.
 */
export function parseCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(code => code.length > 0))];
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/**
 * A titled set of checkboxes for a multiple-choice setting: JupyterLab's form
 * shows such an array as an untitled listbox of raw values.
 */
export function ChecklistField(props: ISettingFieldProps): JSX.Element {
  const selected = strings(props.formData);
  const choices = choicesOf(props.schema.items);
  const toggle = (value: string, checked: boolean): void => {
    props.onChange(
      choices
        .map(choice => choice.value)
        .filter(v => (v === value ? checked : selected.includes(v)))
    );
  };
  return (
    <fieldset className="jp-PromoteSettings-checklist">
      <legend className="jp-FormGroup-fieldLabel">{props.schema.title}</legend>
      {choices.map(choice => (
        <label key={choice.value} className="jp-PromoteSettings-choice">
          <input
            type="checkbox"
            value={choice.value}
            checked={selected.includes(choice.value)}
            disabled={props.disabled || props.readonly}
            onChange={event => toggle(choice.value, event.target.checked)}
          />
          {choice.title}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A titled one-line field for a list of codes, applied when it loses focus or
 * on Enter: JupyterLab's array form repeats the setting's description.
 */
export function CodeListField(props: ISettingFieldProps): JSX.Element {
  const stored = strings(props.formData).join(', ');
  const [text, setText] = React.useState(stored);
  React.useEffect(() => setText(stored), [stored]);
  const id = `${props.idSchema.$id}-codes`;
  const commit = (): void => {
    const codes = parseCodes(text);
    if (codes.join(', ') !== stored) {
      props.onChange(codes);
    }
  };
  return (
    <div className="jp-PromoteSettings-codes">
      <label htmlFor={id} className="jp-FormGroup-fieldLabel">
        {props.schema.title}
      </label>
      <input
        id={id}
        type="text"
        className="jp-mod-styled"
        value={text}
        placeholder="PF001, SC"
        disabled={props.disabled || props.readonly}
        onChange={event => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={event => {
          if (event.key === 'Enter') {
            commit();
          }
        }}
      />
    </div>
  );
}
