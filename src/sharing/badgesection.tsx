import { Clipboard } from '@jupyterlab/apputils';
import * as React from 'react';

import { describeError } from '../sync/api';
import { fetchBadge } from './api';
import { BADGE_FILE, badgeMarkdown, badgeTitle, svgTitle } from './labels';
import { IShareDialogOptions } from './shareoptions';
import { VerificationState } from './stamp';

/**
 * The badge of the saved notebook (refetched after each save), how to
 * write it as a file, and its Markdown with a copy button.
 */
export function BadgeSection(
  props: IShareDialogOptions & { state: VerificationState }
): JSX.Element {
  const { panel, model, trans, serverSettings } = props;
  const path = panel.context.localPath;
  const [svg, setSvg] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    let current = true;
    const load = async (): Promise<void> => {
      try {
        const text = await fetchBadge(serverSettings, path);
        if (current) {
          setSvg(text);
          setError(null);
        }
      } catch (reason) {
        if (current) {
          setError(describeError(reason));
        }
      }
    };
    const onSave = (_: unknown, saved: string): void => {
      if (saved === 'completed') {
        void load();
      }
    };
    void load();
    panel.context.saveState.connect(onSave);
    return () => {
      current = false;
      panel.context.saveState.disconnect(onSave);
    };
  }, [path]);
  const report =
    model.report && model.report.path === path ? model.report : null;
  const title =
    (svg && svgTitle(svg)) ??
    (report?.score != null && report.grade
      ? badgeTitle(report.score, report.grade, props.state)
      : trans.__('promotion readiness'));
  const markdown = badgeMarkdown(title);
  const name = path.split('/').pop() ?? path;
  return (
    <section
      className="jp-PromoteShare-badge"
      aria-labelledby="jp-PromoteShare-badgeTitle"
    >
      <h3 id="jp-PromoteShare-badgeTitle" className="jp-PromoteShare-heading">
        {trans.__('Readiness badge')}
      </h3>
      {svg ? (
        <img
          className="jp-PromoteShare-badgeImage"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          alt={title}
        />
      ) : (
        <p className="jp-PromoteShare-note">
          {error
            ? trans.__('No badge: %1', error)
            : trans.__('Loading the badge…')}
        </p>
      )}
      <p className="jp-PromoteShare-note">
        {trans.__(
          'The badge of the saved notebook. Write it next to the notebook with'
        )}{' '}
        <code>{`jupyter-promote badge ${name} -o ${BADGE_FILE}`}</code>
        {trans.__(', then paste this Markdown into the README:')}
      </p>
      <div className="jp-PromoteShare-markdownRow">
        <code
          className="jp-PromoteShare-markdown"
          data-testid="promote-badge-markdown"
        >
          {markdown}
        </code>
        <button
          className="jp-mod-styled jp-mod-reject jp-PromoteShare-copy"
          data-testid="promote-copy-markdown"
          onClick={() => {
            Clipboard.copyToSystem(markdown);
            setCopied(true);
          }}
        >
          {copied ? trans.__('Copied') : trans.__('Copy badge Markdown')}
        </button>
      </div>
    </section>
  );
}
