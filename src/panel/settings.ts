import { CATEGORY_IDS, CategoryId } from '../sync/report';
import { DEFAULT_DEBOUNCE_DELAY } from '../sync/watcher';

/**
 * The extension's settings (schema/plugin.json), read defensively.
 */
export interface IPromoteSettings {
  debounceDelay: number;
  liveUpdates: boolean;
  ignoredCodes: string[];
  enabledCategories: CategoryId[];
  showInlineDiagnostics: boolean;
  confirmUnsafeFixes: boolean;
  kernelChecks: boolean;
}

/**
 * Turn the composite setting values into typed settings, falling back to
 * the defaults for anything missing or malformed.
 */
export function readSettings(
  get: (key: keyof IPromoteSettings) => unknown
): IPromoteSettings {
  const delay = get('debounceDelay');
  const codes = get('ignoredCodes');
  const categories = get('enabledCategories');
  const known: ReadonlyArray<string> = CATEGORY_IDS;
  return {
    debounceDelay:
      typeof delay === 'number' && delay >= 0 ? delay : DEFAULT_DEBOUNCE_DELAY,
    liveUpdates: get('liveUpdates') !== false,
    ignoredCodes: Array.isArray(codes)
      ? codes.filter((c): c is string => typeof c === 'string')
      : [],
    enabledCategories: Array.isArray(categories)
      ? (categories.filter(
          c => typeof c === 'string' && known.includes(c)
        ) as CategoryId[])
      : [...CATEGORY_IDS],
    showInlineDiagnostics: get('showInlineDiagnostics') !== false,
    confirmUnsafeFixes: get('confirmUnsafeFixes') !== false,
    kernelChecks: get('kernelChecks') !== false
  };
}
