/**
 * The command ids of "before sharing".
 */
export namespace SharingCommandIDs {
  /** Re-run the active notebook in a clean kernel and stamp the result. */
  export const verify = 'jupyterlab-promote:verify';
  /** The blocking findings, the badge and its Markdown. */
  export const checkBeforeSharing = 'jupyterlab-promote:check-before-sharing';
  /** File → Download: a notebook with blocking findings is checked first. */
  export const download = 'jupyterlab-promote:download';
  /**
   * File → Save and Export Notebook As → <format>: the same check first.
   * Takes the arguments of `notebook:export-to-format`.
   */
  export const exportToFormat = 'jupyterlab-promote:export-to-format';
  /** The file browser's Download: selected notebooks are checked first. */
  export const downloadFiles = 'jupyterlab-promote:download-files';
}
