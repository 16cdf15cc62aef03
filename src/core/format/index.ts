// The runbook format: parse (with lint) and the model. Other parts import from here.
export * from './model';
export { parseRunbook, parseRunbookWithFences, type FenceFact } from './parse';
export { hasErrors, sortDiagnostics } from './diagnostics';
export { KNOWN_ATTRIBUTES } from './attributeValues';
export { FRONT_MATTER_KEYS, VARIABLE_KEYS } from './frontMatter';
export { LANGUAGE_RUNNERS, isExecutableLanguage, parseDuration } from './languages';
