import { LabIcon } from '@jupyterlab/ui-components';

/**
 * A gauge whose needle points to the upper right, for "readiness".
 *
 * Drawn for this extension; `jp-icon3` lets the theme colour it.
 */
const PROMOTE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M12 4a10 10 0 0 0-10 10c0 1.9.5 3.6 1.5 5.1l1.7-1A8 8 0 0 1 4 14a8 8 0 0 1 16 0c0 1.5-.4 2.9-1.2 4.1l1.7 1A10 10 0 0 0 22 14 10 10 0 0 0 12 4z"/>
    <path d="M17.7 7.6l-6.6 5a1.6 1.6 0 1 0 2 2.4z"/>
    <rect x="5.8" y="13.2" width="2" height="1.6" rx=".4"/>
    <rect x="11" y="7" width="2" height="1.6" rx=".4" transform="rotate(90 12 7.8)"/>
  </g>
</svg>`;

/**
 * Icon of the promotion readiness panel.
 */
export const promoteIcon = new LabIcon({
  name: 'jupyterlab_promote:readiness',
  svgstr: PROMOTE_SVG
});
