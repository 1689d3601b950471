// Colours and font shared by cell outputs and the terminal panel, matched to styles.css.
import type { ITheme } from '@xterm/xterm';

export const TERMINAL_FONT = '"JetBrains Mono", "Fira Code", "DejaVu Sans Mono", Menlo, Consolas, monospace';

/** Cell output: light, on the page's paper colour. */
export const OUTPUT_THEME: ITheme = {
  background: '#fbfbf9',
  foreground: '#24292f',
  cursor: '#fbfbf9',
  selectionBackground: '#c8daf5',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#8a6100',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#7d4e00',
  brightBlue: '#0969da',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

/** The root shell: dark, so it reads as a different place from the lesson. */
export const SHELL_THEME: ITheme = {
  background: '#1e2127',
  foreground: '#d7dae0',
  cursor: '#d7dae0',
  selectionBackground: '#3e4451',
};
