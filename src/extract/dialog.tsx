import { Dialog, ReactWidget, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IPreviewCell } from '../fixes/preview';
import {
  canExtract,
  IExtractForm,
  IExtractPlan,
  PreviewState,
  previewFromError,
  previewLoading
} from './plan';
import { Result } from './result';

/**
 * Quiet time after the last keystroke before the preview is planned again.
 */
const PREVIEW_DEBOUNCE_MS = 300;

/**
 * What the dialog resolves to when the user presses Extract.
 */
export interface IExtractChoice {
  form: IExtractForm;
  /** Whether the last preview allowed the extraction (and it was confirmed). */
  ready: boolean;
}

/**
 * What the dialog needs to know.
 */
export interface IExtractDialogOptions {
  trans: TranslationBundle;
  /** The proposed choices. */
  initial: IExtractForm;
  /** How many cells are extracted. */
  cellCount: number;
  /** The sentence that says what moves, when not the selected cells. */
  intro?: string;
  /** The notebook's cells when the dialog opened, for the change preview. */
  cells: ReadonlyArray<IPreviewCell>;
  /** Plan the extraction without writing anything (a dry run). */
  plan: (form: IExtractForm) => Promise<IExtractPlan>;
}

/**
 * Show the extraction dialog; resolves to the user's choice, or null when
 * cancelled or not ready.
 */
export async function showExtractDialog(
  options: IExtractDialogOptions
): Promise<IExtractForm | null> {
  const { trans } = options;
  const result = await showDialog({
    title: trans.__('Extract to Module'),
    body: new ExtractBody(options),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({
        label: trans.__('Extract'),
        ariaLabel: trans.__('Write the module and change the notebook')
      })
    ],
    focusNodeSelector: '.jp-PromoteExtract-module'
  });
  const choice = result.value;
  return result.button.accept && choice && choice.ready ? choice.form : null;
}

/**
 * The dialog body: a React form whose latest choice is the dialog's value.
 */
class ExtractBody
  extends ReactWidget
  implements Dialog.IBodyWidget<IExtractChoice>
{
  constructor(private readonly _options: IExtractDialogOptions) {
    super();
    this.addClass('jp-PromoteExtract-body');
    this._choice = { form: _options.initial, ready: false };
  }

  getValue(): IExtractChoice {
    return this._choice;
  }

  protected render(): JSX.Element {
    return (
      <ExtractForm
        {...this._options}
        onChange={choice => (this._choice = choice)}
      />
    );
  }

  private _choice: IExtractChoice;
}

let formCounter = 0;

/**
 * The form: module path, function name, tests, append; then the preview of
 * the dry run, refreshed (debounced) whenever a choice changes.
 */
function ExtractForm(
  props: IExtractDialogOptions & { onChange: (choice: IExtractChoice) => void }
): JSX.Element {
  const { trans, plan, onChange } = props;
  const [ids] = React.useState(() => `jp-PromoteExtract-${++formCounter}`);
  const [form, setForm] = React.useState<IExtractForm>(props.initial);
  const [state, setState] = React.useState<PreviewState>({
    status: 'loading',
    plan: null
  });
  const [confirmed, setConfirmed] = React.useState(false);
  const root = React.useRef<HTMLDivElement>(null);
  const first = React.useRef(true);

  React.useEffect(() => {
    let current = true;
    setState(previewLoading);
    const delay = first.current ? 0 : PREVIEW_DEBOUNCE_MS;
    first.current = false;
    const timer = window.setTimeout(() => {
      plan(form).then(
        result => current && setState({ status: 'ready', plan: result }),
        reason => current && setState(previewFromError(reason))
      );
    }, delay);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [form]);

  const ready = canExtract(state, confirmed);
  React.useEffect(() => {
    onChange({ form, ready });
    // The dialog re-checks its `.jp-mod-error` markers on input events: tell
    // it the Extract button's state changed.
    root.current?.dispatchEvent(new Event('input', { bubbles: true }));
  }, [form, ready]);

  const update = (change: Partial<IExtractForm>): void =>
    setForm(previous => ({ ...previous, ...change }));
  const shown =
    state.status === 'refused' || state.status === 'failed' ? null : state.plan;
  const definitionsOnly = shown !== null && shown.function === null;

  return (
    <div
      className="jp-PromoteExtract"
      data-testid="promote-extract-dialog"
      ref={root}
    >
      {!ready && (
        <span className="jp-PromoteExtract-blocker jp-mod-error" hidden />
      )}
      <p className="jp-PromoteExtract-intro">
        {props.intro ??
          trans._n(
            'Move the selected cell into a Python module; the notebook then imports it.',
            'Move the %1 selected cells into a Python module; the notebook then imports it.',
            props.cellCount,
            props.cellCount
          )}
      </p>
      <div className="jp-PromoteExtract-fields">
        <label htmlFor={`${ids}-module`}>{trans.__('Module path')}</label>
        <input
          id={`${ids}-module`}
          className="jp-mod-styled jp-PromoteExtract-module"
          value={form.module}
          spellCheck={false}
          aria-describedby={`${ids}-module-hint`}
          onChange={event => update({ module: event.target.value })}
        />
        <span id={`${ids}-module-hint`} className="jp-PromoteExtract-hint">
          {trans.__("Relative to the notebook's folder, e.g. pkg/features.py")}
        </span>
        <label htmlFor={`${ids}-function`}>{trans.__('Function name')}</label>
        <input
          id={`${ids}-function`}
          className="jp-mod-styled jp-PromoteExtract-function"
          value={definitionsOnly ? '' : form.functionName}
          disabled={definitionsOnly}
          spellCheck={false}
          placeholder={
            definitionsOnly
              ? trans.__('none: the definitions move as they are')
              : (shown?.function ?? trans.__('chosen from the module name'))
          }
          aria-describedby={`${ids}-function-hint`}
          onChange={event => update({ functionName: event.target.value })}
        />
        <span id={`${ids}-function-hint`} className="jp-PromoteExtract-hint">
          {definitionsOnly
            ? trans.__(
                'Imports, functions, classes and constants need no wrapper.'
              )
            : trans.__('Top-level code becomes this function.')}
        </span>
      </div>
      <div className="jp-PromoteExtract-options">
        <label>
          <input
            type="checkbox"
            className="jp-PromoteExtract-tests"
            checked={form.tests}
            onChange={event => update({ tests: event.target.checked })}
          />
          {trans.__('Write tests')}
        </label>
        <label>
          <input
            type="checkbox"
            className="jp-PromoteExtract-append"
            checked={form.append}
            onChange={event => update({ append: event.target.checked })}
          />
          {trans.__('Append if the module exists')}
        </label>
      </div>
      <div
        className="jp-PromoteExtract-result"
        aria-live="polite"
        aria-busy={state.status === 'loading'}
      >
        <Result
          state={state}
          cells={props.cells}
          confirmed={confirmed}
          onConfirm={setConfirmed}
          idPrefix={ids}
          trans={trans}
        />
      </div>
    </div>
  );
}
