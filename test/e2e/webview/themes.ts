// The theme variables VS Code injects into every webview (a subset of Default Light Modern /
// Dark Modern / High Contrast), so the stand-alone page looks like the real panel.
export type ThemeName = 'light' | 'dark' | 'high-contrast';

const common = {
  '--vscode-font-family': 'system-ui, -apple-system, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  '--vscode-editor-font-size': '13px',
};

const light = {
  '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-errorForeground': '#f85149',
  '--vscode-editor-background': '#ffffff', '--vscode-editorWidget-background': '#f8f8f8', '--vscode-widget-border': '#e5e5e5',
  '--vscode-panel-border': '#e5e5e5', '--vscode-focusBorder': '#005fb8', '--vscode-textLink-foreground': '#005fb8',
  '--vscode-textLink-activeForeground': '#005fb8', '--vscode-textCodeBlock-background': '#f2f2f2',
  '--vscode-textBlockQuote-background': '#f8f8f8', '--vscode-textBlockQuote-border': '#e5e5e5',
  '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0258a8',
  '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-button-secondaryHoverBackground': '#cccccc', '--vscode-button-border': '#0000001a',
  '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b', '--vscode-icon-foreground': '#3b3b3b',
  '--vscode-toolbar-hoverBackground': '#b8b8b850', '--vscode-progressBar-background': '#005fb8',
  '--vscode-testing-iconPassed': '#388a34', '--vscode-testing-iconFailed': '#f14c4c', '--vscode-testing-iconQueued': '#cca700',
  '--vscode-testing-iconSkipped': '#848484', '--vscode-editorWarning-foreground': '#bf8803',
  '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece',
  '--vscode-input-placeholderForeground': '#767676', '--vscode-dropdown-background': '#ffffff',
  '--vscode-dropdown-foreground': '#3b3b3b', '--vscode-dropdown-border': '#cecece',
  '--vscode-inputValidation-warningBackground': '#f6f5d2', '--vscode-inputValidation-warningBorder': '#b89500',
  '--vscode-inputOption-activeBackground': '#bed6ed', '--vscode-inputOption-activeBorder': '#005fb8',
  '--vscode-terminal-background': '#f8f8f8', '--vscode-terminal-foreground': '#3b3b3b',
  '--vscode-terminal-ansiRed': '#cd3131', '--vscode-terminal-ansiGreen': '#107c10', '--vscode-terminal-ansiYellow': '#949800',
  '--vscode-terminal-ansiBlue': '#0451a5', '--vscode-terminal-ansiMagenta': '#bc05bc', '--vscode-terminal-ansiCyan': '#0598bc',
  '--vscode-terminal-ansiBrightBlack': '#666666', '--vscode-terminal-ansiBrightRed': '#cd3131',
};

const dark = {
  '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-errorForeground': '#f85149',
  '--vscode-editor-background': '#1f1f1f', '--vscode-editorWidget-background': '#202020', '--vscode-widget-border': '#313131',
  '--vscode-panel-border': '#2b2b2b', '--vscode-focusBorder': '#0078d4', '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textLink-activeForeground': '#4daafc', '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-textBlockQuote-background': '#2b2b2b', '--vscode-textBlockQuote-border': '#616161',
  '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c', '--vscode-button-border': '#ffffff12',
  '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8', '--vscode-icon-foreground': '#cccccc',
  '--vscode-toolbar-hoverBackground': '#5a5d5e50', '--vscode-progressBar-background': '#0078d4',
  '--vscode-testing-iconPassed': '#73c991', '--vscode-testing-iconFailed': '#f14c4c', '--vscode-testing-iconQueued': '#cca700',
  '--vscode-testing-iconSkipped': '#848484', '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c',
  '--vscode-input-placeholderForeground': '#989898', '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc', '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-inputValidation-warningBackground': '#352a05', '--vscode-inputValidation-warningBorder': '#b89500',
  '--vscode-inputOption-activeBackground': '#2489db82', '--vscode-inputOption-activeBorder': '#2488db',
  '--vscode-terminal-background': '#181818', '--vscode-terminal-foreground': '#cccccc',
  '--vscode-terminal-ansiRed': '#f14c4c', '--vscode-terminal-ansiGreen': '#23d18b', '--vscode-terminal-ansiYellow': '#f5f543',
  '--vscode-terminal-ansiBlue': '#3b8eea', '--vscode-terminal-ansiMagenta': '#d670d6', '--vscode-terminal-ansiCyan': '#29b8db',
  '--vscode-terminal-ansiBrightBlack': '#666666', '--vscode-terminal-ansiBrightRed': '#f14c4c',
};

const highContrast = {
  ...dark,
  '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-editorWidget-background': '#0c141f',
  '--vscode-contrastBorder': '#6fc3df', '--vscode-widget-border': '#6fc3df', '--vscode-panel-border': '#6fc3df',
  '--vscode-focusBorder': '#f38518', '--vscode-button-background': '#000000', '--vscode-button-border': '#6fc3df',
  '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
  '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff', '--vscode-textCodeBlock-background': '#000000',
  '--vscode-terminal-background': '#000000',
};

export const themes: Readonly<Record<ThemeName, { readonly bodyClass: string; readonly vars: Readonly<Record<string, string>> }>> = {
  light: { bodyClass: 'vscode-light', vars: { ...common, ...light } },
  dark: { bodyClass: 'vscode-dark', vars: { ...common, ...dark } },
  'high-contrast': { bodyClass: 'vscode-high-contrast', vars: { ...common, ...highContrast } },
};
