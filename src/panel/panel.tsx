import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IFindingActions } from './findingitem';
import { promoteIcon } from './icon';
import { PromoteModel } from './model';
import { PromoteView } from './view';

/**
 * The id of the sidebar widget (a test hook, DESIGN §9).
 */
export const PANEL_ID = 'jp-promote-panel';

/**
 * CSS class of the panel.
 */
const PANEL_CLASS = 'jp-PromotePanel';

/**
 * The "Promotion readiness" sidebar: renders the model and re-renders when
 * its state changes.
 */
export class PromotePanel extends ReactWidget {
  /**
   * Create the sidebar panel.
   */
  constructor(options: PromotePanel.IOptions) {
    super();
    this._model = options.model;
    this._trans = options.translator.load('jupyterlab_promote');
    this._actions = {
      onSelect: options.onSelect,
      onApplyFix: options.onApplyFix,
      onIgnore: options.onIgnore
    };
    this._onRefresh = options.onRefresh;
    this._onVerify = options.onVerify;
    this.id = PANEL_ID;
    this.addClass(PANEL_CLASS);
    this.title.icon = promoteIcon;
    this.title.caption = this._trans.__('Promotion readiness');
  }

  /**
   * The model the panel shows.
   */
  get model(): PromoteModel {
    return this._model;
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.stateChanged} initialSender={this._model}>
        {() => (
          <PromoteView
            model={this._model}
            trans={this._trans}
            {...this._actions}
            onRefresh={this._onRefresh}
            onVerify={this._onVerify}
          />
        )}
      </UseSignal>
    );
  }

  private _model: PromoteModel;
  private _trans: TranslationBundle;
  private _actions: IFindingActions;
  private _onRefresh: () => void;
  private _onVerify: () => void;
}

/**
 * A namespace for PromotePanel statics.
 */
export namespace PromotePanel {
  /**
   * Options to create the panel.
   */
  export interface IOptions extends IFindingActions {
    model: PromoteModel;
    translator: ITranslator;
    /** Called when the user asks for a fresh analysis. */
    onRefresh: () => void;
    /** Called when the user asks to re-run the notebook in a clean kernel. */
    onVerify: () => void;
  }
}
