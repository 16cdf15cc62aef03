import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/e2e/artifacts/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The pure core must never depend on VS Code or on the shells around it (extension, webview,
    // language server, CLI), at any depth: the CLI and the language server share it.
    // test/unit/lint-boundaries.test.ts lints a violation of each.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^vscode(/|$)', message: 'src/core is pure: no vscode import.' },
          // No folder inside src/core has these names, so any such path segment leaves the core.
          { regex: '^(\\.{1,2}/|src/)(.*/)?(extension|webview|server|cli)(/.*)?$', message: 'src/core must not import the extension, webview, server or CLI.' },
        ],
      }],
    },
  },
);
