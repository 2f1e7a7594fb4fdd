import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { CATEGORY_IDS, CategoryId, IReportEntry } from '../sync/report';
import { categoryLabel, gradeClass, gradeOf } from './labels';

/**
 * One bar per enabled category, in the canonical order. Each bar is a toggle
 * button: pressing it shows only that category's findings.
 */
export function CategoryBars(props: {
  report: IReportEntry;
  enabled: ReadonlyArray<CategoryId>;
  selected: CategoryId | null;
  onSelect: (category: CategoryId | null) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { report, trans, selected } = props;
  return (
    <section aria-label={trans.__('Categories')}>
      <h3 className="jp-PromotePanel-heading">{trans.__('Categories')}</h3>
      <ul className="jp-PromotePanel-categories">
        {CATEGORY_IDS.filter(id => props.enabled.includes(id)).map(id => {
          const entry = report.categories[id] ?? { score: 100, findings: 0 };
          const score = entry.score ?? 100;
          const label = categoryLabel(id, trans);
          const pressed = selected === id;
          const summary = trans._n(
            '%2: score %3, %1 finding',
            '%2: score %3, %1 findings',
            entry.findings,
            label,
            score
          );
          return (
            <li
              key={id}
              className={`jp-PromotePanel-category ${gradeClass(gradeOf(score))}${pressed ? ' jp-mod-selected' : ''}`}
              data-category={id}
            >
              <button
                className="jp-PromotePanel-categoryButton"
                aria-pressed={pressed}
                aria-label={
                  pressed
                    ? trans.__('%1. Showing only these findings.', summary)
                    : trans.__('%1. Show only these findings.', summary)
                }
                title={summary}
                onClick={() => props.onSelect(pressed ? null : id)}
              >
                <span className="jp-PromotePanel-categoryLabel">{label}</span>
                <span className="jp-PromotePanel-bar" aria-hidden="true">
                  <span
                    className="jp-PromotePanel-barFill"
                    style={{ width: `${Math.max(0, Math.min(100, score))}%` }}
                  />
                </span>
                <span className="jp-PromotePanel-categoryScore">{score}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
